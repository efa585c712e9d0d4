#include "MainWindow.h"

#include "AboutDialog.h"

#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>

namespace soundframe {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("SoundFrame"));
    auto* welcome = new QLabel(tr("Sound search by text, learned from video."), this);
    welcome->setAlignment(Qt::AlignCenter);
    setCentralWidget(welcome);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About SoundFrame"), this, &MainWindow::showAbout);
    resize(960, 640);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace soundframe
