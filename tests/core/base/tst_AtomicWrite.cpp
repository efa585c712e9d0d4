// writeFileAtomically: the target is either the old file or the complete new one.
#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace soundframe;

class TestAtomicWrite : public QObject {
    Q_OBJECT
    static QByteArray contents(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void writesAndReplaces()
    {
        QTemporaryDir dir;
        const auto target = dir.filePath("out.json");
        writeFileAtomically(target.toStdString(), "first");
        QCOMPARE(contents(target), QByteArray("first"));
        writeFileAtomically(target.toStdString(), "second, longer");
        QCOMPARE(contents(target), QByteArray("second, longer"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);  // no temp left
    }

    void readOnlyFolderKeepsEarlierFileAndNamesTarget()
    {
        if (::geteuid() == 0)
            QSKIP("root ignores folder permissions");
        QTemporaryDir dir;
        const auto target = dir.filePath("keep.txt");
        writeFileAtomically(target.toStdString(), "earlier");
        ::chmod(dir.path().toLocal8Bit().constData(), 0555);
        try {
            writeFileAtomically(target.toStdString(), "later");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("keep.txt"));
        }
        ::chmod(dir.path().toLocal8Bit().constData(), 0755);
        QCOMPARE(contents(target), QByteArray("earlier"));
    }

    void staleTemporariesOfDeadWritersAreRemoved()
    {
        QTemporaryDir dir;
        const pid_t child = ::fork();
        if (child == 0)
            ::_exit(0);
        QVERIFY(child > 0 && ::waitpid(child, nullptr, 0) == child);  // a writer that no longer runs
        const auto dead = QString(".shard-000001.safetensors.tmp-%1-0").arg(child);
        const auto alive = QString(".config.json.tmp-%1-3").arg(::getpid());
        const auto live = QString(".model.safetensors.tmp-%1-0").arg(::getppid());
        for (const auto& name : {dead, alive, live, QString("config.json"), QString(".hidden-but-not-ours")})
            QVERIFY(QFile(dir.filePath(name)).open(QIODevice::WriteOnly));
        QCOMPARE(removeStaleTemporaries(dir.path().toStdString()), 1);
        const auto left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
        QVERIFY2(!left.contains(dead) && left.size() == 4, qPrintable(left.join(' ')));
        QCOMPARE(removeStaleTemporaries(dir.filePath("missing").toStdString()), 0);
    }

    void missingFolderIsAClearError()
    {
        QTemporaryDir dir;
        const auto target = dir.filePath("no/such/folder/x.bin");
        QVERIFY_THROWS_EXCEPTION(Error, writeFileAtomically(target.toStdString(), "x"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAtomicWrite)
#include "tst_AtomicWrite.moc"
