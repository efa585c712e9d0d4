#pragma once
// MainWindow: the desktop app's window. Thin: it owns the views and wires menus to them;
// work happens in core objects driven from worker threads.
#include <QMainWindow>

namespace soundframe {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void showAbout();
};

} // namespace soundframe
