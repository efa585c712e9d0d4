// EpochStripHeader: over a strip as narrow as an Alignment panel's, a 40-epoch run's numbers are
// drawn every few epochs with room between them, and a short run's all; the numbers are painted
// (read back from the rendered header), not only listed.
#include "EpochStripHeader.h"

#include <QImage>
#include <QTableWidget>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe::gui;

namespace {

// A strip like the Alignment panel's: one row, `epochs` stretched columns, `width` pixels wide.
struct Strip {
    QTableWidget table{1, 0};
    EpochStripHeader* header = new EpochStripHeader(&table);

    Strip(int epochs, int width)
    {
        table.setHorizontalHeader(header);
        header->setSectionResizeMode(QHeaderView::Stretch);
        header->setMinimumSectionSize(4);
        header->setFont(QFont(table.font().family(), 7));
        table.verticalHeader()->hide();
        table.setColumnCount(epochs);
        for (int e = 0; e < epochs; ++e)
            table.setHorizontalHeaderItem(e, new QTableWidgetItem(QString::number(e + 1)));
        table.resize(width, 60);
        table.show();
    }
};

// Columns of the header's rendering that hold ink darker than its background.
QVector<bool> inkedColumns(QWidget* header)
{
    const QImage image = header->grab().toImage();
    const QRgb background = image.pixel(image.width() / 2, 1);
    QVector<bool> inked(image.width(), false);
    for (int x = 0; x < image.width(); ++x)
        for (int y = 2; y < image.height() - 2; ++y)
            if (qGray(image.pixel(x, y)) + 60 < qGray(background))
                inked[x] = true;
    return inked;
}

} // namespace

class TestEpochStripHeader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aShortRunNumbersEveryEpoch()
    {
        Strip strip(8, 330);
        QVERIFY(QTest::qWaitForWindowExposed(&strip.table));
        QCOMPARE(strip.header->labelStep(), 1);
        QCOMPARE(strip.header->labelledEpochs(), (QList<int>{1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(strip.table.horizontalHeaderItem(7)->text(), QString("8"));
    }

    void aLongRunsNumbersKeepTheirDistance()
    {
        Strip strip(40, 330);
        QVERIFY(QTest::qWaitForWindowExposed(&strip.table));
        EpochStripHeader* header = strip.header;
        const int step = header->labelStep();
        QVERIFY2(step >= 2, qPrintable(QString::number(step)));
        const QList<int> epochs = header->labelledEpochs();
        QVERIFY(epochs.contains(step) && epochs.contains(40 / step * step));
        // Numbers drawn next to each other are at least a number's width apart, centre to centre.
        for (int i = 1; i < epochs.size(); ++i) {
            const int a = header->sectionViewportPosition(epochs[i - 1] - 1) + header->sectionSize(epochs[i - 1] - 1) / 2;
            const int b = header->sectionViewportPosition(epochs[i] - 1) + header->sectionSize(epochs[i] - 1) / 2;
            QVERIFY2(b - a >= header->labelWidth(), qPrintable(QString("epochs %1 and %2: %3 px apart, a number needs %4")
                                                                  .arg(epochs[i - 1]).arg(epochs[i]).arg(b - a)
                                                                  .arg(header->labelWidth())));
        }
        // The rendering has one run of ink per number drawn (digits of one number touch or nearly).
        const QVector<bool> inked = inkedColumns(header);
        int runs = 0;
        for (int x = 0, gap = 99; x < inked.size(); ++x) {
            if (inked[x] && gap > 2)
                ++runs;
            gap = inked[x] ? 0 : gap + 1;
        }
        QCOMPARE(runs, int(epochs.size()));
    }

    void widerStripsNumberMoreEpochs()
    {
        Strip narrow(40, 330);
        Strip wide(40, 1200);
        QVERIFY(QTest::qWaitForWindowExposed(&wide.table));
        QVERIFY(wide.header->labelStep() < narrow.header->labelStep());
    }
};

SOUNDFRAME_TEST_MAIN(TestEpochStripHeader)
#include "tst_EpochStripHeader.moc"
