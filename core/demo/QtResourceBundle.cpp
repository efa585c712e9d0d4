#include "demo/QtResourceBundle.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <QDirIterator>
#include <QFile>
#include <QResource>

#include <algorithm>

namespace soundframe {

namespace fs = std::filesystem;

QtResourceBundle::QtResourceBundle(const fs::path& rccFile, const std::string& root)
    : m_file(rccFile.string()), m_root(root)
{
    const QString file = QString::fromStdString(m_file);
    m_open = QFile::exists(file) && QResource::registerResource(file, QString::fromStdString(m_root));
}

QtResourceBundle::~QtResourceBundle()
{
    if (m_open)
        QResource::unregisterResource(QString::fromStdString(m_file), QString::fromStdString(m_root));
}

std::vector<std::string> QtResourceBundle::files() const
{
    std::vector<std::string> out;
    if (!m_open)
        return out;
    QDirIterator it(QString::fromStdString(":" + (m_root.empty() ? std::string("/") : m_root)), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out.push_back(it.next().toStdString());
    std::sort(out.begin(), out.end());
    return out;
}

std::string QtResourceBundle::relativePath(const std::string& resource) const
{
    const std::string prefix = ":" + m_root + "/";
    return resource.compare(0, prefix.size(), prefix) == 0 ? resource.substr(prefix.size()) : resource;
}

bool QtResourceBundle::copyOut(const std::string& resource, const fs::path& target)
{
    QFile in(QString::fromStdString(resource));
    if (!in.open(QIODevice::ReadOnly))
        return false;
    std::error_code error;
    if (fs::exists(target, error) && fs::file_size(target, error) == uint64_t(in.size()))
        return true;
    fs::create_directories(target.parent_path(), error);
    if (error)
        throw Error(target, "cannot create the folder for the extracted file: " + error.message());
    const QByteArray bytes = in.readAll();
    writeFileAtomically(target, std::string_view(bytes.constData(), size_t(bytes.size())));
    return true;
}

std::string QtResourceBundle::readAll(const std::string& resource)
{
    QFile in(QString::fromStdString(resource));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    return in.readAll().toStdString();
}

} // namespace soundframe
