#include "EventLanes.h"

#include <algorithm>
#include <numeric>

namespace soundframe::gui {

QVector<int> EventLanes::assign(const QVector<Extent>& extents, double gap)
{
    QVector<int> order(extents.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return extents[a].left < extents[b].left; });
    QVector<int> rows(extents.size(), 0);
    QVector<double> rowEnds;  // the right edge of each row's last extent
    for (int i : order) {
        int row = 0;
        while (row < rowEnds.size() && extents[i].left < rowEnds[row] + gap)
            ++row;
        if (row == rowEnds.size())
            rowEnds.push_back(0);
        rowEnds[row] = std::max(extents[i].left, extents[i].right);
        rows[i] = row;
    }
    return rows;
}

} // namespace soundframe::gui
