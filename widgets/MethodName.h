#pragma once
// MethodName: how the app names a run's matching — one place, so the Training, Alignment and Runs
// views all say "Nearest Match" for "nearest": the paper's names (Random, Nearest Match, Multiframe
// Match), which the Japanese translation keeps as they are.
//
//   MethodName::of("nearest");     // "Nearest Match"
//   MethodName::of("tagging");     // "audio tagging"
#include <QCoreApplication>
#include <QString>

namespace soundframe::gui {

class MethodName {
    Q_DECLARE_TR_FUNCTIONS(soundframe::gui::MethodName)

public:
    // "random", "nearest", "multiframe", "tagging", "scratch"; other names as given, "" as unknown.
    static QString of(const QString& matching);
};

} // namespace soundframe::gui
