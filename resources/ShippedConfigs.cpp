#include "ShippedConfigs.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <filesystem>

namespace soundframe {

namespace {
QString folder(ShippedConfigs::Kind kind)
{
    switch (kind) {
    case ShippedConfigs::Training:
        return ":/configs";
    case ShippedConfigs::AudioEncoder:
        return ":/encoders";
    case ShippedConfigs::DemoRecipe:
        break;
    }
    return ":/recipes";
}
} // namespace

QStringList ShippedConfigs::names(Kind kind)
{
    QStringList names;
    for (const QString& file : QDir(folder(kind)).entryList({"*.json"}, QDir::Files, QDir::Name))
        names << QFileInfo(file).completeBaseName();
    return names;
}

bool ShippedConfigs::isShipped(Kind kind, const QString& name)
{
    return !name.isEmpty() && QFile::exists(folder(kind) + "/" + name + ".json");
}

ShippedConfigs::Text ShippedConfigs::resolve(Kind kind, const QString& nameOrFile)
{
    const bool isFile = QFileInfo(nameOrFile).isFile();
    if (!isFile && !isShipped(kind, nameOrFile))
        throw Error(nameOrFile.toStdString(), "neither a file nor a shipped config (" + names(kind).join(", ").toStdString()
                                                  + ")");
    QFile file(isFile ? nameOrFile : folder(kind) + "/" + nameOrFile + ".json");
    if (!file.open(QIODevice::ReadOnly))
        throw Error(file.fileName().toStdString(), "cannot open");
    return {file.readAll().toStdString(), file.fileName().toStdString()};
}

std::string ShippedConfigs::audioEncoderConfigFile(const std::string& nameOrFile, const std::string& runDir)
{
    const QString name = QString::fromStdString(nameOrFile);
    if (name.isEmpty() || QFileInfo(name).isFile())
        return nameOrFile;
    const Text text = resolve(AudioEncoder, name);
    const std::filesystem::path copy = std::filesystem::path(runDir) / "audio-encoder-config.json";
    std::filesystem::create_directories(copy.parent_path());
    writeFileAtomically(copy, text.json);
    return copy.string();
}

} // namespace soundframe
