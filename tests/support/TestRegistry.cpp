#include "TestRegistry.h"

#include <cstdio>
#include <filesystem>
#include <vector>

namespace soundframe::test {

std::map<std::string, TestRegistry::Runner>& TestRegistry::runners()
{
    // A function-local map: registrations run during static initialisation, in no set order.
    static std::map<std::string, Runner> map;
    return map;
}

bool TestRegistry::add(const char* sourceFile, Runner run)
{
    runners()[std::filesystem::path(sourceFile).stem().string()] = run;
    return true;
}

int TestRegistry::run(int argc, char* argv[])
{
    const auto found = argc >= 2 ? runners().find(argv[1]) : runners().end();
    if (found == runners().end()) {
        if (argc >= 2)
            std::fprintf(stderr, "%s: no test named '%s'\n", argv[0], argv[1]);
        std::fprintf(stderr, "usage: %s TEST [Qt Test options]\ntests in this executable:\n", argv[0]);
        for (const auto& [name, runner] : runners())
            std::fprintf(stderr, "  %s\n", name.c_str());
        return 2;
    }
    // The test sees the program and its own options, as when it was an executable of its own; it is
    // the application's name too (what QStandardPaths and QSettings derive their paths from).
    QCoreApplication::setApplicationName(QString::fromStdString(found->first));
    std::vector<char*> arguments{argv[0]};
    arguments.insert(arguments.end(), argv + 2, argv + argc);
    arguments.push_back(nullptr);
    return found->second(int(arguments.size()) - 1, arguments.data());
}

} // namespace soundframe::test
