#include "cli/ArgumentBytes.h"
#include "cli/CliRunner.h"
#include "base/CpuBufferCache.h"

#include <QCoreApplication>

#include <iostream>

int main(int argc, char** argv)
{
    // Before any thread allocates a tensor: training keeps its freed buffers for the next step
    // through this allocator, and glibc keeps the smaller ones in its heap.
    soundframe::CpuBufferCache::installAllocator();
    // An application object gives Qt a locale; no event loop runs. The arguments are decoded here,
    // not by QCoreApplication::arguments(), so that file names which are not UTF-8 keep their bytes.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("soundframe-cli");
    return soundframe::runCli(soundframe::decodeArguments(argc, argv), std::cout, std::cerr);
}
