#include "MethodName.h"

namespace soundframe::gui {

QString MethodName::of(const QString& matching)
{
    if (matching == QLatin1String("random"))
        return tr("Random");
    if (matching == QLatin1String("nearest"))
        return tr("Nearest Match");
    if (matching == QLatin1String("multiframe"))
        return tr("Multiframe Match");
    if (matching == QLatin1String("tagging"))
        return tr("audio tagging");
    if (matching == QLatin1String("scratch"))
        return tr("from scratch");
    return matching.isEmpty() ? tr("unknown method") : matching;
}

} // namespace soundframe::gui
