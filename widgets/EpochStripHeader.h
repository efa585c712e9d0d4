#pragma once
// EpochStripHeader: the epoch numbers over the Alignment view's per-epoch choice strip. A long run
// has cells narrower than their numbers, and a plain header clips each number to its own cell
// (a 40-epoch run read "1 2 3 … 9 1( 1( 1("). This one numbers every epoch where the numbers fit,
// else every 2nd, 5th, 10th, … (and the first where there is room), each centred over its cell and
// free to reach over its unnumbered neighbours.
//
//   table->setHorizontalHeader(new EpochStripHeader(table));   // sections: epochs 1, 2, …
//   header->labelledEpochs();                                  // e.g. {1, 5, 10, …, 40}
//
// The model's header texts stay the epoch numbers (for tests and accessibility); only the painting
// differs.
#include <QHeaderView>
#include <QList>

namespace soundframe::gui {

class EpochStripHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit EpochStripHeader(QWidget* parent = nullptr);

    // Every how many epochs a number is drawn at the current width (1: every epoch).
    int labelStep() const;
    // The epochs (from 1) whose numbers are drawn at the current width.
    QList<int> labelledEpochs() const;
    // The widest number's width with its margin, pixels.
    int labelWidth() const;

protected:
    double cellWidth() const;  // one epoch's width, pixels
    void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override;
    void paintEvent(QPaintEvent* event) override;
};

} // namespace soundframe::gui
