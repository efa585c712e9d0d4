#include "AboutDialog.h"

#include "media/LibraryVersions.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace soundframe::gui {

QString AboutDialog::versionsText()
{
    QStringList lines{QStringLiteral("SoundFrame %1").arg(QStringLiteral(SOUNDFRAME_VERSION)),
                      QStringLiteral("Qt %1").arg(qVersion())};
    for (const auto& [name, version] : libraryVersions())
        lines << QString::fromStdString(name + " " + version);
    return lines.join('\n');
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("About SoundFrame"));
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(tr("<h3>SoundFrame</h3><p>Audio-text retrieval learned from video "
                               "through a frozen image-text model.</p>"),
                            this);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* versions = new QLabel(versionsText(), this);
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(versions);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace soundframe::gui
