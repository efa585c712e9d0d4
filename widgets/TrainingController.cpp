#include "TrainingController.h"

#include <QThread>

namespace soundframe::gui {

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<soundframe::gui::TrainingPoint>();
}

TrainingController::~TrainingController()
{
    if (!m_thread)
        return;
    cancel();
    m_thread->quit();
    m_thread->wait();
    delete m_thread;  // the worker went with the thread's finished() -> deleteLater
}

bool TrainingController::start(const TrainingRequest& request)
{
    if (m_thread)
        return false;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("soundframe-training"));
    auto* worker = new TrainingWorker;
    worker->moveToThread(m_thread);
    m_cancel = worker->cancelFlag();
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, &TrainingController::threadEnded);
    connect(worker, &TrainingWorker::metricsReported, this, &TrainingController::metricsReported);
    connect(worker, &TrainingWorker::logLine, this, &TrainingController::logLine);
    connect(worker, &TrainingWorker::finished, this, &TrainingController::finished);
    connect(worker, &TrainingWorker::failed, this, &TrainingController::failed);
    // Either ending quits the thread; quit() is thread-safe and runs after train() returns.
    QThread* thread = m_thread;
    connect(worker, &TrainingWorker::finished, thread, &QThread::quit);
    connect(worker, &TrainingWorker::failed, thread, &QThread::quit);
    m_thread->start();
    QMetaObject::invokeMethod(worker, [worker, request] { worker->train(request); }, Qt::QueuedConnection);
    return true;
}

void TrainingController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void TrainingController::threadEnded()
{
    QThread* thread = m_thread;
    m_thread = nullptr;
    if (thread) {
        thread->wait();
        delete thread;
    }
    Q_EMIT stopped();
}

} // namespace soundframe::gui
