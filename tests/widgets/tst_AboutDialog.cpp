// AboutDialog: names SoundFrame's own version (the project's, as `soundframe-cli --version` does)
// before the libraries', and shows them in the dialog.
#include "AboutDialog.h"

#include <QLabel>
#include <QRegularExpression>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;

class TestAboutDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsSoundFramesVersionFirst()
    {
        const QStringList lines = AboutDialog::versionsText().split('\n');
        QVERIFY(lines.size() >= 2);
        QCOMPARE(lines[0], QStringLiteral("SoundFrame " SOUNDFRAME_TEST_VERSION));
        QVERIFY(QRegularExpression("^SoundFrame \\d+\\.\\d+\\.\\d+$").match(lines[0]).hasMatch());
        QVERIFY(lines[1].startsWith("Qt "));

        AboutDialog dialog;
        bool shown = false;
        for (auto* label : dialog.findChildren<QLabel*>())
            shown = shown || label->text().contains(lines[0]);
        QVERIFY(shown);
    }
};

SOUNDFRAME_TEST_MAIN(TestAboutDialog)
#include "tst_AboutDialog.moc"
