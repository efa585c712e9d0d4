#include "EpochStripHeader.h"

#include <QPainter>
#include <QStyleOptionHeader>

#include <iterator>

namespace soundframe::gui {

namespace {
// Label steps a reader counts in.
constexpr int kSteps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
constexpr int kLabelMargin = 4;  // pixels between two numbers
} // namespace

EpochStripHeader::EpochStripHeader(QWidget* parent) : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(false);
    setHighlightSections(false);
}

int EpochStripHeader::labelWidth() const
{
    return fontMetrics().horizontalAdvance(QString::number(count())) + kLabelMargin;
}

double EpochStripHeader::cellWidth() const
{
    return count() ? double(length()) / count() : 0.0;  // the strip stretches its cells alike
}

int EpochStripHeader::labelStep() const
{
    if (count() == 0)
        return 1;
    for (const int step : kSteps)
        if (cellWidth() * step >= labelWidth())
            return step;
    return kSteps[std::size(kSteps) - 1];
}

QList<int> EpochStripHeader::labelledEpochs() const
{
    const int step = labelStep();
    QList<int> epochs;
    for (int epoch = 1; epoch <= count(); ++epoch) {
        // The first epoch too, when its number clears the next one drawn.
        const bool first = epoch == 1 && cellWidth() * (step - 1) >= labelWidth();
        if (epoch % step == 0 || first || step == 1)
            epochs.append(epoch);
    }
    return epochs;
}

void EpochStripHeader::paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const
{
    // The section's frame and background only: paintEvent draws the numbers over all sections.
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    style()->drawControl(QStyle::CE_Header, &option, painter, this);
}

void EpochStripHeader::paintEvent(QPaintEvent* event)
{
    QHeaderView::paintEvent(event);
    QPainter painter(viewport());
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::ButtonText));
    const int width = labelWidth();
    for (const int epoch : labelledEpochs()) {
        const int section = epoch - 1;
        const int centre = sectionViewportPosition(section) + sectionSize(section) / 2;
        painter.drawText(QRect(centre - width / 2, 0, width, viewport()->height()), Qt::AlignCenter,
                         QString::number(epoch));
    }
}

} // namespace soundframe::gui
