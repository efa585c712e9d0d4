#pragma once
// TrainingForm: the Training view's settings of one run — every TrainConfig field a stage takes,
// grouped: Run (config, stage, matching, epochs, batch, learning rate, seed), the chosen matching's
// own options (Nearest's warm-up and centring, Multiframe's segment length and masking), Start from
// (the audio encoder to continue: a finished run of the project, or scratch), and Advanced
// (optimiser, text tower, a new encoder's config, device, threads, checkpoints, validation),
// collapsed until asked for.
//
//   auto* form = new TrainingForm(this);
//   form->setProject(project);             // the Start-from list: the project's finished runs
//   form->setRecipe("demo-stage2");        // every field from the shipped config
//   TrainConfig c = form->formToConfig();  // the recipe with the form's values; paths left to the caller
//
// Every field starts from the chosen recipe (ShippedConfigs, as `--config NAME`; "" is TrainConfig's
// own defaults), and its tooltip names that default. applyConfigToForm and formToConfig are the one
// mapping between the widgets and TrainConfig. The form knows no project paths (caches, image-text
// model, run folder): the view adds them. GUI thread only.
#include "Project.h"
#include "train/TrainConfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QSpinBox;
class QToolButton;

namespace soundframe::gui {

class TrainingForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainingForm(QWidget* parent = nullptr);

    // The project whose finished runs (with an audio encoder) are offered in Start from.
    void setProject(const Project& project);

    // Fills every field from a shipped training config; "" is TrainConfig's defaults. An empty
    // string, or what went wrong (an unknown name or a config that does not read) with the form unchanged.
    QString setRecipe(const QString& name);
    QString recipeName() const;
    // Shows `config` in every field (Start from: its init_from, scratch when empty).
    void applyConfigToForm(const TrainConfig& config);
    // The recipe with the form's values; trainCache, valCache, clipDir and runDir as the recipe has them.
    TrainConfig formToConfig() const;
    // The Run group's fields, for tests and the view's API.
    void setForm(int stage, const QString& matching, int epochs, int batchSize, double learningRate, int seed);

    int stage() const;          // 0 (audio tagging), 1 or 2
    QString matching() const;   // a name ClipPairingRegistry lists ("random", "nearest", ...)
    int seed() const;
    // Start from: the run folders offered, in list order ("" first: scratch), and the chosen one.
    QStringList startFromRuns() const;
    QString startFrom() const;                        // a run folder; empty: scratch
    bool setStartFrom(const QString& runFolder);      // false when it is not offered
    // How the chosen start was trained, for run names: its method, "scratch" without one.
    QString startFromMethod() const;

    // Read-only while a run trains or is paused; the Advanced toggle still opens.
    void setLocked(bool locked);
    void setAdvancedShown(bool shown);
    bool advancedShown() const;

private:
    QWidget* buildRunGroup();
    QWidget* buildMatchingGroup();
    QWidget* buildStartFromGroup();
    QWidget* buildAdvancedGroup();
    // Shows the rows that apply to the stage and matching chosen; picks the default start.
    void updateVisibleRows();
    void chooseDefaultStartFrom();
    void reloadStartFrom();
    void updateStartFromRows();  // "New encoder" for scratch, "Audio blocks kept" for an encoder
    void describeDefaults();  // tooltips: what a field does and the recipe's value
    QList<QWidget*> fields() const;  // every input, for setLocked

    Project m_project;
    TrainConfig m_recipe;  // the chosen shipped config: what the form starts from
    bool m_userChoseStart = false;  // Start from was picked by hand: the defaults leave it alone

    QComboBox* m_config = nullptr;
    QComboBox* m_stage = nullptr;
    QComboBox* m_matching = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_seed = nullptr;
    QFormLayout* m_runLayout = nullptr;

    QGroupBox* m_matchingBox = nullptr;
    QFormLayout* m_matchingLayout = nullptr;
    QSpinBox* m_warmupEpochs = nullptr;
    QComboBox* m_warmupMatching = nullptr;
    QCheckBox* m_centred = nullptr;
    QDoubleSpinBox* m_segmentSeconds = nullptr;
    QCheckBox* m_maskSameClip = nullptr;

    QComboBox* m_startFrom = nullptr;
    QComboBox* m_audioEncoder = nullptr;  // a new encoder's config: only when starting from scratch

    QToolButton* m_advancedToggle = nullptr;
    QGroupBox* m_advancedBox = nullptr;
    QFormLayout* m_advancedLayout = nullptr;
    QDoubleSpinBox* m_weightDecay = nullptr;
    QDoubleSpinBox* m_warmupFraction = nullptr;
    QDoubleSpinBox* m_gradClip = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QSpinBox* m_frozenAudioBlocks = nullptr;
    QSpinBox* m_textBlocks = nullptr;
    QDoubleSpinBox* m_textLearningRate = nullptr;
    QSpinBox* m_frequencyMasks = nullptr;
    QSpinBox* m_frequencyMaskBins = nullptr;
    QSpinBox* m_timeMasks = nullptr;
    QDoubleSpinBox* m_timeMaskSeconds = nullptr;
    QComboBox* m_device = nullptr;
    QSpinBox* m_threads = nullptr;
    QSpinBox* m_checkpointEvery = nullptr;
    QSpinBox* m_keepCheckpoints = nullptr;
    QCheckBox* m_validate = nullptr;
};

} // namespace soundframe::gui
