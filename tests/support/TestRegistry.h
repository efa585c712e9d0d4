#pragma once
// The Qt Test classes linked into one test executable, by name.
//
// Each tests/<dir>/ builds one executable holding all of its tst_*.cpp (soundframe_add_test): far
// fewer translation units load LibTorch's headers and far fewer executables link it. A test file ends
// with SOUNDFRAME_TEST_MAIN(TestClass) or SOUNDFRAME_TEST_GUILESS_MAIN(TestClass) where it used to end
// with Qt's QTEST_MAIN / QTEST_GUILESS_MAIN; the body is Qt's (same application object, same
// qExec), registered under the file's name. ctest runs `<executable> tst_Name [Qt Test options]`.
#include <QtTest>

#include <map>
#include <string>

namespace soundframe::test {

class TestRegistry {
public:
    using Runner = int (*)(int argc, char* argv[]);

    // Registers `run` under the stem of `sourceFile` ("…/tst_Evaluator.cpp" → "tst_Evaluator").
    static bool add(const char* sourceFile, Runner run);
    // main(): runs the test named by argv[1] with the remaining arguments; lists the tests and
    // returns 2 when argv[1] names none.
    static int run(int argc, char* argv[]);

private:
    static std::map<std::string, Runner>& runners();
};

} // namespace soundframe::test

#define SOUNDFRAME_TEST_WRAPPER(TestObject, ...)                                                   \
    namespace {                                                                                    \
    int runTest##TestObject(int argc, char* argv[])                                                \
    {                                                                                              \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                         \
        __VA_ARGS__                                                                                \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&tc, argc, argv);                                                      \
    }                                                                                              \
    const bool registered##TestObject = ::soundframe::test::TestRegistry::add(__FILE__, runTest##TestObject); \
    }

// QTEST_MAIN's application: QApplication when the executable links Qt Widgets, QGuiApplication
// with Qt GUI, QCoreApplication otherwise.
#define SOUNDFRAME_TEST_MAIN(TestObject) SOUNDFRAME_TEST_WRAPPER(TestObject, QTEST_MAIN_SETUP())
// QTEST_GUILESS_MAIN's: always a QCoreApplication.
#define SOUNDFRAME_TEST_GUILESS_MAIN(TestObject)                                                   \
    SOUNDFRAME_TEST_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
