// main() of every test executable: runs the test class named by its first argument (TestRegistry.h).
#include "TestRegistry.h"

int main(int argc, char* argv[]) { return soundframe::test::TestRegistry::run(argc, argv); }
