#pragma once
// expectErrorMentioning: a Qt Test check that a call throws soundframe::Error whose message names
// every given fragment (a file, a key, a variable). Header-only; include after <QtTest>.
//
//   test::expectErrorMentioning([&] { TrainConfig::fromJsonFile(f); }, {"bad.json", "epochs"});
#include "base/Error.h"

#include <QtTest>

#include <functional>
#include <string>
#include <vector>

namespace soundframe::test {

inline void expectErrorMentioning(const std::function<void()>& call, const std::vector<std::string>& fragments)
{
    try {
        call();
        QFAIL("no error");
    } catch (const Error& e) {
        for (const auto& fragment : fragments)
            QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos,
                     qPrintable(QString::fromStdString(std::string(e.what()) + "  [missing: " + fragment + "]")));
    }
}

} // namespace soundframe::test
