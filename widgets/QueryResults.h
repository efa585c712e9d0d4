#pragma once
// QueryRequest / QueryResults / IndexRequest: what QueryWorker takes and gives back — plain values
// that cross threads in queued signals.
//
//   QueryRequest q; q.id = ++m_last; q.indexFolder = project.indexFolder(); q.text = "a dog barks";
//   worker->search(q);        // -> searched(QueryResults) with results.requestId == q.id
//
// Exactly one of text, audioFile, imageFile is set. Scores are cosines; times are seconds into the file.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace soundframe::gui {

struct QueryRequest {
    int id = 0;              // echoed in QueryResults::requestId
    QString indexFolder;     // LibraryIndex folder (index.sqlite + vectors-N.faiss)
    QString text;            // a caption, through the image-text model's text tower
    QString audioFile;       // a sound or video file, through the audio encoder
    QString imageFile;       // a picture, through the image tower
    int k = 20;              // files to return
};

struct QueryHit {
    QString path;             // absolute
    double score = 0;         // cosine of its best window
    double windowStart = 0;   // seconds
    double windowEnd = 0;     // seconds
    double durationSeconds = 0;
};

struct QueryResults {
    int requestId = 0;
    QString kind;             // "text", "audio" or "image": what the query was matched as
    QString error;            // non-empty: hits is empty
    QVector<QueryHit> hits;   // best first
    // Who answered (set when the index could be opened, errors included):
    QString indexFolder;      // the index searched
    qint64 indexedFiles = 0;  // files in its published generation
    QString encoderFolder;    // the audio encoder the index was built with (absolute)
    QString clipModelFolder;  // the image-text model sharing its space (absolute)
};

struct IndexRequest {
    QString indexFolder;      // created when missing
    QString modelFolder;      // a run folder (RUN/audio-encoder) or an audio encoder folder; empty:
                              // the model the existing index was built with
    QString clipModelFolder;  // the image-text model sharing the encoder's space (with modelFolder)
    QStringList files;        // media files, or folders (walked recursively and remembered), to index
    QStringList forget;       // instead: remembered folders (or files) to forget with their files
};

} // namespace soundframe::gui

Q_DECLARE_METATYPE(soundframe::gui::QueryRequest)
Q_DECLARE_METATYPE(soundframe::gui::QueryResults)
Q_DECLARE_METATYPE(soundframe::gui::IndexRequest)
