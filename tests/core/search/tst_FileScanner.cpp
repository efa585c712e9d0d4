// FileScanner on libraries kept as people keep them: folders of links to folders (indexed, each real
// file once), loops of links (the walk ends), a folder reached through two links (its files listed
// once, under the first path in name order), a link to a file (a second name, listed as a file of
// its own), a broken link (a problem, the scan goes on), a root that is itself a link.
#include "TestSupport.h"
#include "search/FileScanner.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <filesystem>

using namespace soundframe;
namespace fs = std::filesystem;

class TestFileScanner : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path root() const { return fs::path(m_dir.path().toStdString()); }

    // The scan's paths relative to the test folder, in its order.
    QStringList scan(const std::vector<fs::path>& roots, std::vector<FileScanner::Problem>* problemsOut = nullptr) const
    {
        std::vector<FileScanner::Problem> problems;
        QStringList paths;
        for (const auto& f : FileScanner::scan(roots, problems))
            paths << QString::fromStdString(f.path.lexically_relative(root()).string());
        if (problemsOut)
            *problemsOut = problems;
        return paths;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The recordings, kept elsewhere; only their extension and bytes matter to the scanner.
        QVERIFY(test::writeBytes(m_dir.filePath("disk/birds/robin.wav"), "r"));
        QVERIFY(test::writeBytes(m_dir.filePath("disk/birds/notes.txt"), "not media"));
        QVERIFY(test::writeBytes(m_dir.filePath("disk/rain/storm.FLAC"), "s"));
        QVERIFY(test::writeBytes(m_dir.filePath("disk/rain/deep/drizzle.ogg"), "d"));
    }

    void followsLinkedFolders()
    {
        fs::create_directories(root() / "library");
        fs::create_directory_symlink("../disk/birds", root() / "library/birds");
        fs::create_directory_symlink(root() / "disk/rain", root() / "library/rain");  // absolute target
        std::vector<FileScanner::Problem> problems;
        QCOMPARE(scan({root() / "library"}, &problems),
                 (QStringList{"library/birds/robin.wav", "library/rain/deep/drizzle.ogg", "library/rain/storm.FLAC"}));
        QVERIFY(problems.empty());
    }

    void loopsEnd()
    {
        fs::create_directories(root() / "loop/inner");
        QVERIFY(test::writeBytes(m_dir.filePath("loop/inner/a.wav"), "a"));
        fs::create_directory_symlink("..", root() / "loop/inner/up");    // back to its parent
        fs::create_directory_symlink(".", root() / "loop/inner/self");   // to itself
        fs::create_directory_symlink("../loop", root() / "loop/again");  // the root again
        std::vector<FileScanner::Problem> problems;
        QCOMPARE(scan({root() / "loop"}, &problems), QStringList{"loop/inner/a.wav"});
        QVERIFY(problems.empty());
    }

    void folderThroughTwoLinksOnce()
    {
        fs::create_directories(root() / "twice");
        fs::create_directory_symlink("../disk/birds", root() / "twice/b-link");
        fs::create_directory_symlink("../disk/birds", root() / "twice/a-link");
        QCOMPARE(scan({root() / "twice"}), QStringList{"twice/a-link/robin.wav"});
        // Also across roots, and when a root is reached again inside another.
        QCOMPARE(scan({root() / "twice", root() / "disk/birds", root() / "twice/b-link/robin.wav"}),
                 QStringList{"twice/a-link/robin.wav"});
        QCOMPARE(scan({root() / "disk", root() / "twice"}),
                 (QStringList{"disk/birds/robin.wav", "disk/rain/deep/drizzle.ogg", "disk/rain/storm.FLAC"}));
    }

    void linkToAFileIsASecondName()
    {
        fs::create_directories(root() / "theme");
        QVERIFY(test::writeBytes(m_dir.filePath("theme/bell.oga"), "b"));
        fs::create_symlink("bell.oga", root() / "theme/complete.oga");
        QCOMPARE(scan({root() / "theme"}), (QStringList{"theme/bell.oga", "theme/complete.oga"}));
    }

    void brokenLinkIsAProblem()
    {
        fs::create_directories(root() / "broken");
        QVERIFY(test::writeBytes(m_dir.filePath("broken/ok.mp3"), "m"));
        fs::create_symlink("gone.wav", root() / "broken/missing.wav");
        fs::create_symlink("gone.txt", root() / "broken/missing.txt");  // not media: not a problem
        fs::create_directory_symlink("no-such-folder", root() / "broken/lost");
        std::vector<FileScanner::Problem> problems;
        QCOMPARE(scan({root() / "broken"}, &problems), QStringList{"broken/ok.mp3"});
        QCOMPARE(int(problems.size()), 1);
        QCOMPARE(problems[0].path, (root() / "broken/missing.wav").string());
        QCOMPARE(problems[0].reason, std::string("broken link"));
    }

    void rootThatIsALink()
    {
        fs::create_directory_symlink(root() / "disk/rain", root() / "rain-link");
        QCOMPARE(scan({root() / "rain-link"}), (QStringList{"rain-link/deep/drizzle.ogg", "rain-link/storm.FLAC"}));
    }

    void emptyAndMissingRoots()
    {
        fs::create_directories(root() / "empty");
        std::vector<FileScanner::Problem> problems;
        QVERIFY(scan({root() / "empty"}, &problems).isEmpty());
        QVERIFY(problems.empty());
        QVERIFY(scan({root() / "nowhere"}, &problems).isEmpty());
        QCOMPARE(int(problems.size()), 1);
        QCOMPARE(problems[0].reason, std::string("does not exist"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestFileScanner)
#include "tst_FileScanner.moc"
