#pragma once
// AboutDialog: what SoundFrame is and the versions of Qt, LibTorch, FFmpeg and libsndfile it runs on.
#include <QDialog>

namespace soundframe::gui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    // The versions table as shown, e.g. "Qt 6.4.2\nLibTorch 1.13.1\n..." (for tests and bug reports).
    static QString versionsText();
};

} // namespace soundframe::gui
