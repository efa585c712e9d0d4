#pragma once
// EventLanes: rows for the labelled event bands of a plot, so that events close in time (a dog
// barking over a man speaking, or two short events side by side whose labels are wider than their
// bands) do not print over each other. Each extent — a band with its label, in pixels along the
// time axis — gets the first row where it clears the row's previous extent by `gap`.
//
//   QVector<EventLanes::Extent> extents{{10, 60}, {40, 90}, {95, 120}};
//   EventLanes::assign(extents, 4);   // {0, 1, 0}
//
// Pure arithmetic: the Clip view's spectrogram and the Alignment plot measure their own extents.
#include <QVector>

namespace soundframe::gui {

class EventLanes {
public:
    struct Extent {
        double left = 0;
        double right = 0;
    };

    // One row per extent, in the order given; 0 is the top row. Rows are filled left to right, so
    // an event starting earlier keeps the upper row.
    static QVector<int> assign(const QVector<Extent>& extents, double gap);
};

} // namespace soundframe::gui
