#include "TrainingForm.h"
#include "MethodName.h"

#include "ShippedConfigs.h"
#include "base/Error.h"
#include "train/ClipPairingRegistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace soundframe::gui {

namespace {

const char* const AboutProperty = "about";  // a field's tooltip without its default

// A run's audio encoder folder, as init_from names it.
QString encoderFolder(const QString& runFolder)
{
    return QDir::cleanPath(QDir(runFolder).filePath(QStringLiteral("audio-encoder")));
}

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

TrainingForm::TrainingForm(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildRunGroup());
    layout->addWidget(buildMatchingGroup());
    layout->addWidget(buildStartFromGroup());
    layout->addWidget(buildAdvancedGroup());
    reloadStartFrom();
    setRecipe(QString());
    updateVisibleRows();
}

QWidget* TrainingForm::buildRunGroup()
{
    auto* box = new QGroupBox(tr("Run"), this);
    m_config = new QComboBox(box);
    m_config->addItem(tr("defaults"), QString());
    for (const QString& name : ShippedConfigs::names(ShippedConfigs::Training))
        m_config->addItem(name, name);
    m_config->setObjectName(QStringLiteral("config"));
    m_config->setToolTip(tr("A shipped training config (soundframe-cli pretrain --list-configs): it fills every "
                            "field below; the fields then override it"));
    connect(m_config, &QComboBox::activated, this, [this](int index) { setRecipe(m_config->itemData(index).toString()); });
    m_stage = new QComboBox(box);
    m_stage->setObjectName(QStringLiteral("stage"));
    m_stage->addItem(tr("0: audio tagging"), 0);
    m_stage->addItem(tr("1: audio-image pretraining"), 1);
    m_stage->addItem(tr("2: audio-text fine-tuning"), 2);
    m_stage->setProperty(AboutProperty, tr("Audio tagging trains the encoder on the clips' labels; stage 1 learns "
                                           "audio embeddings from video frames; stage 2 fine-tunes them on captions"));
    m_matching = new QComboBox(box);
    m_matching->setObjectName(QStringLiteral("matching"));
    for (const std::string& m : ClipPairingRegistry::matchings())
        m_matching->addItem(MethodName::of(QString::fromStdString(m)), QString::fromStdString(m));
    m_matching->setProperty(AboutProperty, tr("How a clip's audio is paired with its frames: a random frame, the frame "
                                              "most similar to the audio (after warm-up epochs), or every frame with its "
                                              "own audio segment"));
    m_epochs = new QSpinBox(box);
    m_epochs->setObjectName(QStringLiteral("epochs"));
    m_epochs->setRange(1, 10000);
    m_epochs->setProperty(AboutProperty, tr("Passes over the training cache"));
    m_batch = new QSpinBox(box);
    m_batch->setObjectName(QStringLiteral("batchSize"));
    m_batch->setRange(2, 65536);
    m_batch->setProperty(AboutProperty, tr("Clips per batch; the other clips of a batch are the negatives"));
    m_learningRate = new QDoubleSpinBox(box);
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(1e-6, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_learningRate->setProperty(AboutProperty, tr("AdamW peak learning rate, with linear warm-up and cosine decay"));
    m_seed = new QSpinBox(box);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, 1000000);
    m_seed->setProperty(AboutProperty, tr("Seed of the data order, frame draws and initialisation"));
    m_runLayout = new QFormLayout(box);
    m_runLayout->addRow(tr("Config"), m_config);
    m_runLayout->addRow(tr("Stage"), m_stage);
    m_runLayout->addRow(tr("Matching"), m_matching);
    m_runLayout->addRow(tr("Epochs"), m_epochs);
    m_runLayout->addRow(tr("Batch size"), m_batch);
    m_runLayout->addRow(tr("Learning rate"), m_learningRate);
    m_runLayout->addRow(tr("Seed"), m_seed);
    // The stage, matching and seed decide which rows apply and which run to start from; a new stage
    // or matching makes the default start apply again.
    for (QComboBox* combo : {m_stage, m_matching})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { m_userChoseStart = false; });
    connect(m_stage, &QComboBox::currentIndexChanged, this, &TrainingForm::updateVisibleRows);
    connect(m_matching, &QComboBox::currentIndexChanged, this, &TrainingForm::updateVisibleRows);
    connect(m_seed, &QSpinBox::valueChanged, this, &TrainingForm::chooseDefaultStartFrom);
    return box;
}

QWidget* TrainingForm::buildMatchingGroup()
{
    m_matchingBox = new QGroupBox(this);
    m_matchingBox->setObjectName(QStringLiteral("matchingOptions"));
    m_warmupEpochs = new QSpinBox(m_matchingBox);
    m_warmupEpochs->setObjectName(QStringLiteral("warmupEpochs"));
    m_warmupEpochs->setRange(0, 10000);
    m_warmupEpochs->setProperty(AboutProperty, tr("Epochs paired by the warm-up matching before the most similar "
                                                  "frame takes over"));
    m_warmupMatching = new QComboBox(m_matchingBox);
    m_warmupMatching->setObjectName(QStringLiteral("warmupMatching"));
    for (const auto m : {WarmupMatching::Random, WarmupMatching::Multiframe})
        m_warmupMatching->addItem(MethodName::of(QString::fromStdString(warmupMatchingName(m))), int(m));
    m_warmupMatching->setProperty(AboutProperty, tr("How the warm-up epochs pair: a random frame (the paper's) or "
                                                    "every frame with its own audio segment"));
    m_centred = new QCheckBox(tr("Centred argmax"), m_matchingBox);
    m_centred->setObjectName(QStringLiteral("centred"));
    m_centred->setProperty(AboutProperty, tr("Score each frame less its mean cosine with the batch's audio (a hubness "
                                             "correction, ours); off: the paper's plain argmax"));
    m_segmentSeconds = new QDoubleSpinBox(m_matchingBox);
    m_segmentSeconds->setObjectName(QStringLiteral("segmentSeconds"));
    m_segmentSeconds->setDecimals(2);
    m_segmentSeconds->setRange(0.05, 60);
    m_segmentSeconds->setSingleStep(0.25);
    m_segmentSeconds->setSuffix(tr(" s"));
    m_segmentSeconds->setProperty(AboutProperty, tr("Length of the audio segment around each frame time"));
    m_maskSameClip = new QCheckBox(tr("Mask same-clip negatives"), m_matchingBox);
    m_maskSameClip->setObjectName(QStringLiteral("maskSameClip"));
    m_maskSameClip->setProperty(AboutProperty, tr("Leave a clip's other segments out of its softmax"));
    m_matchingLayout = new QFormLayout(m_matchingBox);
    m_matchingLayout->addRow(tr("Warm-up epochs"), m_warmupEpochs);
    m_matchingLayout->addRow(tr("Warm-up matching"), m_warmupMatching);
    m_matchingLayout->addRow(m_centred);
    m_matchingLayout->addRow(tr("Segment length"), m_segmentSeconds);
    m_matchingLayout->addRow(m_maskSameClip);
    return m_matchingBox;
}

QWidget* TrainingForm::buildStartFromGroup()
{
    auto* box = new QGroupBox(tr("Start from"), this);
    m_startFrom = new QComboBox(box);
    m_startFrom->setObjectName(QStringLiteral("startFrom"));
    m_startFrom->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_startFrom->setMinimumContentsLength(16);
    m_startFrom->setProperty(AboutProperty, tr("The audio encoder to continue: a finished run of this project (stage 1 "
                                               "of any matching, audio tagging or stage 2), or a new encoder"));
    connect(m_startFrom, &QComboBox::activated, this, [this] { m_userChoseStart = true; });
    connect(m_startFrom, &QComboBox::currentIndexChanged, this, &TrainingForm::updateStartFromRows);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_startFrom);
    return box;
}

QWidget* TrainingForm::buildAdvancedGroup()
{
    auto* panel = new QWidget(this);
    m_advancedToggle = new QToolButton(panel);
    m_advancedToggle->setObjectName(QStringLiteral("advancedToggle"));
    m_advancedToggle->setText(tr("Advanced"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setAutoRaise(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    m_advancedToggle->setToolTip(tr("Show the optimiser, device and checkpoint settings; hidden ones still apply"));
    m_advancedBox = new QGroupBox(panel);
    m_advancedBox->setObjectName(QStringLiteral("advanced"));
    const auto decimal = [this](const char* name, int decimals, double min, double max, double step) {
        auto* spin = new QDoubleSpinBox(m_advancedBox);
        spin->setObjectName(QLatin1String(name));
        spin->setDecimals(decimals);
        spin->setRange(min, max);
        spin->setSingleStep(step);
        return spin;
    };
    m_weightDecay = decimal("weightDecay", 4, 0, 10, 0.01);
    m_weightDecay->setProperty(AboutProperty, tr("AdamW decoupled weight decay"));
    m_warmupFraction = decimal("warmupFraction", 3, 0, 0.99, 0.01);
    m_warmupFraction->setProperty(AboutProperty, tr("Share of all steps with a linear learning-rate warm-up, then "
                                                    "cosine decay to 0"));
    m_gradClip = decimal("gradClip", 3, 0, 1000, 0.1);
    m_gradClip->setSpecialValueText(tr("off"));
    m_gradClip->setProperty(AboutProperty, tr("Clip the global gradient norm to this; 0: off"));
    m_temperature = decimal("temperature", 4, 0.001, 10, 0.01);
    m_temperature->setProperty(AboutProperty, tr("InfoNCE temperature at the start; it is learnt (1/temperature <= 100)"));
    m_textBlocks = new QSpinBox(m_advancedBox);
    m_textBlocks->setObjectName(QStringLiteral("textBlocks"));
    m_textBlocks->setRange(0, 100);
    m_textBlocks->setSpecialValueText(tr("frozen"));
    m_textBlocks->setProperty(AboutProperty, tr("Stage 2: also train this many last blocks of the text tower; 0: frozen"));
    m_frozenAudioBlocks = new QSpinBox(m_advancedBox);
    m_frozenAudioBlocks->setObjectName(QStringLiteral("frozenAudioBlocks"));
    m_frozenAudioBlocks->setRange(0, 100);
    m_frozenAudioBlocks->setSpecialValueText(tr("none"));
    m_frozenAudioBlocks->setProperty(AboutProperty, tr("Keep the first K blocks of the start encoder as they are and "
                                                       "train the rest (a partial fine-tune); none: the whole encoder "
                                                       "trains. Needs a start encoder"));
    m_textLearningRate = decimal("textLearningRate", 7, 1e-7, 1, 1e-6);
    m_textLearningRate->setProperty(AboutProperty, tr("Stage 2: learning rate of the unfrozen text blocks"));
    const auto count = [this](const char* name, int max, const QString& special) {
        auto* spin = new QSpinBox(m_advancedBox);
        spin->setObjectName(QLatin1String(name));
        spin->setRange(0, max);
        spin->setSpecialValueText(special);
        return spin;
    };
    m_frequencyMasks = count("frequencyMasks", 16, tr("off"));
    m_frequencyMasks->setProperty(AboutProperty, tr("SpecAugment: mel-band masks per training clip; 0: off"));
    m_frequencyMaskBins = count("frequencyMaskBins", 1024, QString());
    m_frequencyMaskBins->setSuffix(tr(" bins"));
    m_frequencyMaskBins->setProperty(AboutProperty, tr("SpecAugment: the widest band mask, in mel bins"));
    m_timeMasks = count("timeMasks", 16, tr("off"));
    m_timeMasks->setProperty(AboutProperty, tr("SpecAugment: time masks per training clip; 0: off"));
    m_timeMaskSeconds = decimal("timeMaskSeconds", 2, 0, 60, 0.1);
    m_timeMaskSeconds->setSuffix(tr(" s"));
    m_timeMaskSeconds->setProperty(AboutProperty, tr("SpecAugment: the widest time mask, in seconds"));
    m_audioEncoder = new QComboBox(m_advancedBox);
    m_audioEncoder->setObjectName(QStringLiteral("audioEncoder"));
    m_audioEncoder->addItem(tr("the project's"), QString());
    for (const QString& name : ShippedConfigs::names(ShippedConfigs::AudioEncoder))
        m_audioEncoder->addItem(name, name);
    m_audioEncoder->setProperty(AboutProperty, tr("The architecture of a new encoder (Start from: scratch): a shipped "
                                                  "audio encoder config, or the project's audio-encoder.json, else the "
                                                  "built-in CNN"));
    m_device = new QComboBox(m_advancedBox);
    m_device->setObjectName(QStringLiteral("device"));
    m_device->setEditable(true);  // also "cuda:1"
    m_device->addItems({QStringLiteral("cpu"), QStringLiteral("auto"), QStringLiteral("cuda")});
    m_device->setProperty(AboutProperty, tr("Where to train: cpu, auto (a GPU when there is one), cuda or cuda:N"));
    m_threads = new QSpinBox(m_advancedBox);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("auto"));
    m_threads->setProperty(AboutProperty, tr("LibTorch compute threads; auto: all cores but one, left to the window"));
    m_checkpointEvery = new QSpinBox(m_advancedBox);
    m_checkpointEvery->setObjectName(QStringLiteral("checkpointEvery"));
    m_checkpointEvery->setRange(0, 10000000);
    m_checkpointEvery->setSpecialValueText(tr("epoch ends only"));
    m_checkpointEvery->setSuffix(tr(" steps"));
    m_checkpointEvery->setProperty(AboutProperty, tr("Keep a checkpoint every N steps as well as at every epoch end; "
                                                     "0: epoch ends only"));
    m_keepCheckpoints = new QSpinBox(m_advancedBox);
    m_keepCheckpoints->setObjectName(QStringLiteral("keepCheckpoints"));
    m_keepCheckpoints->setRange(1, 1000);
    m_keepCheckpoints->setProperty(AboutProperty, tr("Newest checkpoints kept on disk"));
    m_validate = new QCheckBox(tr("Validate each epoch"), m_advancedBox);
    m_validate->setObjectName(QStringLiteral("validateEachEpoch"));
    m_validate->setProperty(AboutProperty, tr("Compute validation recalls at every epoch end (needs the project's "
                                              "cache/val)"));
    m_advancedLayout = new QFormLayout(m_advancedBox);
    m_advancedLayout->addRow(tr("Weight decay"), m_weightDecay);
    m_advancedLayout->addRow(tr("Warm-up fraction"), m_warmupFraction);
    m_advancedLayout->addRow(tr("Gradient clip"), m_gradClip);
    m_advancedLayout->addRow(tr("Temperature"), m_temperature);
    m_advancedLayout->addRow(tr("Audio blocks kept"), m_frozenAudioBlocks);
    m_advancedLayout->addRow(tr("Text blocks trained"), m_textBlocks);
    m_advancedLayout->addRow(tr("Text learning rate"), m_textLearningRate);
    m_advancedLayout->addRow(tr("Band masks"), m_frequencyMasks);
    m_advancedLayout->addRow(tr("Widest band mask"), m_frequencyMaskBins);
    m_advancedLayout->addRow(tr("Time masks"), m_timeMasks);
    m_advancedLayout->addRow(tr("Widest time mask"), m_timeMaskSeconds);
    m_advancedLayout->addRow(tr("New encoder"), m_audioEncoder);
    m_advancedLayout->addRow(tr("Device"), m_device);
    m_advancedLayout->addRow(tr("Threads"), m_threads);
    m_advancedLayout->addRow(tr("Checkpoint every"), m_checkpointEvery);
    m_advancedLayout->addRow(tr("Keep checkpoints"), m_keepCheckpoints);
    m_advancedLayout->addRow(m_validate);
    m_advancedBox->hide();
    connect(m_advancedToggle, &QToolButton::toggled, this, &TrainingForm::setAdvancedShown);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_advancedToggle);
    layout->addWidget(m_advancedBox);
    return panel;
}

void TrainingForm::setProject(const Project& project)
{
    m_project = project;
    reloadStartFrom();
}

QString TrainingForm::setRecipe(const QString& name)
{
    const int index = m_config->findData(name);
    if (index < 0)
        return tr("no shipped training config named '%1'").arg(name);
    TrainConfig c;
    if (!name.isEmpty()) {
        try {
            const auto text = ShippedConfigs::resolve(ShippedConfigs::Training, name);
            c = TrainConfig::fromJson(text.json, text.where);
        } catch (const Error& e) {
            return QString::fromStdString(e.what());
        }
    }
    m_recipe = c;
    m_config->setCurrentIndex(index);
    m_userChoseStart = false;
    applyConfigToForm(c);
    if (c.initFrom.empty())
        chooseDefaultStartFrom();  // a recipe names no run; the project's runs decide
    describeDefaults();
    return {};
}

QString TrainingForm::recipeName() const
{
    return m_config->currentData().toString();
}

void TrainingForm::applyConfigToForm(const TrainConfig& c)
{
    const int stage = c.stage == TrainStage::Tag ? 0 : c.stage == TrainStage::Pretrain ? 1 : 2;
    m_stage->setCurrentIndex(m_stage->findData(stage));
    m_matching->setCurrentIndex(std::max(0, m_matching->findData(QString::fromStdString(c.matching))));
    m_epochs->setValue(c.epochs);
    m_batch->setValue(c.batchSize);
    m_learningRate->setValue(c.learningRate);
    {
        const QSignalBlocker block(m_seed);  // Start from is set below
        m_seed->setValue(c.seed);
    }
    m_warmupEpochs->setValue(c.nearestWarmupEpochs);
    m_warmupMatching->setCurrentIndex(m_warmupMatching->findData(int(c.nearestWarmupMatching)));
    m_centred->setChecked(c.nearestCentred);
    m_segmentSeconds->setValue(c.segmentSeconds);
    m_maskSameClip->setChecked(c.maskSameClipNegatives);
    m_weightDecay->setValue(c.weightDecay);
    m_warmupFraction->setValue(c.warmupFraction);
    m_gradClip->setValue(std::max(0.0, c.gradClipNorm));
    m_temperature->setValue(c.initialTemperature);
    m_frozenAudioBlocks->setValue(c.frozenAudioBlocks);
    m_textBlocks->setValue(c.textTowerTrainableBlocks);
    m_textLearningRate->setValue(c.textLearningRate);
    m_frequencyMasks->setValue(c.specAugmentFrequencyMasks);
    m_frequencyMaskBins->setValue(c.specAugmentFrequencyBins);
    m_timeMasks->setValue(c.specAugmentTimeMasks);
    m_timeMaskSeconds->setValue(c.specAugmentTimeSeconds);
    const QString encoder = QString::fromStdString(c.audioEncoderConfig);
    if (m_audioEncoder->findData(encoder) < 0)
        m_audioEncoder->addItem(encoder, encoder);  // a file the config names
    m_audioEncoder->setCurrentIndex(m_audioEncoder->findData(encoder));
    m_device->setCurrentText(QString::fromStdString(c.device));
    m_threads->setValue(c.threads);
    m_checkpointEvery->setValue(std::max(0, c.checkpointEverySteps));
    m_keepCheckpoints->setValue(c.keepCheckpoints);
    m_validate->setChecked(c.validateEachEpoch);

    // Start from: init_from exactly, offered even when it is no run of this project.
    const QString initFrom = c.initFrom.empty() ? QString() : QDir::cleanPath(QString::fromStdString(c.initFrom));
    int index = initFrom.isEmpty() ? 0 : m_startFrom->findData(initFrom, Qt::UserRole + 1);
    if (index < 0) {
        m_startFrom->addItem(tr("%1 (not a run of this project)").arg(initFrom), initFrom);
        index = m_startFrom->count() - 1;
        m_startFrom->setItemData(index, initFrom, Qt::UserRole + 1);
        m_startFrom->setItemData(index, initFrom, Qt::ToolTipRole);
    }
    m_startFrom->setCurrentIndex(index);
    m_userChoseStart = !initFrom.isEmpty();  // a config that names its start keeps it
}

TrainConfig TrainingForm::formToConfig() const
{
    TrainConfig c = m_recipe;
    const int stage = m_stage->currentData().toInt();
    c.stage = stage == 0 ? TrainStage::Tag : stage == 1 ? TrainStage::Pretrain : TrainStage::Finetune;
    c.matching = m_matching->currentData().toString().toStdString();
    c.epochs = m_epochs->value();
    c.batchSize = m_batch->value();
    c.learningRate = m_learningRate->value();
    c.seed = m_seed->value();
    c.nearestWarmupEpochs = m_warmupEpochs->value();
    c.nearestWarmupMatching = WarmupMatching(m_warmupMatching->currentData().toInt());
    c.nearestCentred = m_centred->isChecked();
    c.segmentSeconds = m_segmentSeconds->value();
    c.maskSameClipNegatives = m_maskSameClip->isChecked();
    c.initFrom = m_startFrom->currentData(Qt::UserRole + 1).toString().toStdString();
    c.initFromMatching.clear();  // AudioTrainer reads it from init_from's run
    c.weightDecay = m_weightDecay->value();
    c.warmupFraction = m_warmupFraction->value();
    c.gradClipNorm = m_gradClip->value();
    c.initialTemperature = m_temperature->value();
    c.frozenAudioBlocks = c.initFrom.empty() ? 0 : m_frozenAudioBlocks->value();  // scratch: nothing to keep
    c.textTowerTrainableBlocks = m_textBlocks->value();
    c.textLearningRate = m_textLearningRate->value();
    c.specAugmentFrequencyMasks = m_frequencyMasks->value();
    c.specAugmentFrequencyBins = m_frequencyMaskBins->value();
    c.specAugmentTimeMasks = m_timeMasks->value();
    c.specAugmentTimeSeconds = m_timeMaskSeconds->value();
    c.audioEncoderConfig = m_audioEncoder->currentData().toString().toStdString();
    c.device = m_device->currentText().trimmed().toStdString();
    c.threads = m_threads->value();
    c.checkpointEverySteps = m_checkpointEvery->value();
    c.keepCheckpoints = m_keepCheckpoints->value();
    c.validateEachEpoch = m_validate->isChecked();
    return c;
}

void TrainingForm::setForm(int stage, const QString& matching, int epochs, int batchSize, double learningRate, int seed)
{
    m_stage->setCurrentIndex(std::max(0, m_stage->findData(stage)));
    m_matching->setCurrentIndex(std::max(0, m_matching->findData(matching)));
    m_epochs->setValue(epochs);
    m_batch->setValue(batchSize);
    m_learningRate->setValue(learningRate);
    m_seed->setValue(seed);
}

int TrainingForm::stage() const { return m_stage->currentData().toInt(); }
QString TrainingForm::matching() const { return m_matching->currentData().toString(); }
int TrainingForm::seed() const { return m_seed->value(); }

QStringList TrainingForm::startFromRuns() const
{
    QStringList folders;
    for (int i = 0; i < m_startFrom->count(); ++i)
        folders << m_startFrom->itemData(i).toString();
    return folders;
}

QString TrainingForm::startFrom() const
{
    return m_startFrom->currentData().toString();
}

bool TrainingForm::setStartFrom(const QString& runFolder)
{
    const int index = m_startFrom->findData(runFolder);
    if (index >= 0)
        m_startFrom->setCurrentIndex(index);
    return index >= 0;
}

QString TrainingForm::startFromMethod() const
{
    const QString folder = startFrom();
    for (const RunInfo& run : m_project.runs())
        if (run.folder == folder)
            return run.matching.isEmpty() ? QStringLiteral("run") : run.matching;
    return folder.isEmpty() ? QStringLiteral("scratch") : QStringLiteral("encoder");
}

QList<QWidget*> TrainingForm::fields() const
{
    return {m_config, m_stage, m_matching, m_epochs, m_batch, m_learningRate, m_seed,
            m_warmupEpochs, m_warmupMatching, m_centred, m_segmentSeconds, m_maskSameClip, m_startFrom,
            m_weightDecay, m_warmupFraction, m_gradClip, m_temperature, m_frozenAudioBlocks, m_textBlocks,
            m_textLearningRate, m_frequencyMasks, m_frequencyMaskBins, m_timeMasks, m_timeMaskSeconds,
            m_audioEncoder, m_device, m_threads, m_checkpointEvery, m_keepCheckpoints, m_validate};
}

void TrainingForm::setLocked(bool locked)
{
    for (QWidget* field : fields())
        field->setEnabled(!locked);
}

void TrainingForm::setAdvancedShown(bool shown)
{
    {
        const QSignalBlocker block(m_advancedToggle);
        m_advancedToggle->setChecked(shown);
    }
    m_advancedToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_advancedBox->setVisible(shown);
}

bool TrainingForm::advancedShown() const
{
    return m_advancedToggle->isChecked();
}

void TrainingForm::updateVisibleRows()
{
    const int stage = m_stage->currentData().toInt();
    const QString matching = m_matching->currentData().toString();
    const bool pretrain = stage == 1;
    m_runLayout->setRowVisible(m_matching, pretrain);
    const MatchingTraits traits = ClipPairingRegistry::traits(matching.toStdString());
    const bool picks = pretrain && traits.picksMostSimilarFrame;
    const bool segments = pretrain && traits.pairsEverySegment;
    for (QWidget* w : std::initializer_list<QWidget*>{m_warmupEpochs, m_warmupMatching, m_centred})
        m_matchingLayout->setRowVisible(w, picks);
    for (QWidget* w : std::initializer_list<QWidget*>{m_segmentSeconds, m_maskSameClip})
        m_matchingLayout->setRowVisible(w, segments);
    m_matchingBox->setTitle(tr("%1 options").arg(MethodName::of(matching)));
    m_matchingBox->setVisible(picks || segments);
    m_advancedLayout->setRowVisible(m_textBlocks, stage == 2);
    m_advancedLayout->setRowVisible(m_textLearningRate, stage == 2);
    chooseDefaultStartFrom();
}

void TrainingForm::chooseDefaultStartFrom()
{
    // As the demo trains: stage 1 continues the audio-tagging run, stage 2 the stage-1 run with the
    // same matching; the run with the form's seed is preferred, then the first listed (the demo's
    // full-length run before its "-e8" twin). Without such a run, and for tagging, a new encoder.
    if (m_userChoseStart)
        return;
    const int stage = m_stage->currentData().toInt();
    const QString matching = stage == 1 ? QStringLiteral("tagging") : m_matching->currentData().toString();
    const TrainStage fromStage = stage == 1 ? TrainStage::Tag : TrainStage::Pretrain;
    const RunInfo* from = nullptr;
    if (stage != 0)
        for (const RunInfo& r : m_project.runs())
            if (r.config.stage == fromStage && r.hasAudioEncoder && r.matching == matching
                && (!from || (from->config.seed != m_seed->value() && r.config.seed == m_seed->value())))
                from = &r;
    setStartFrom(from ? from->folder : QString());
}

void TrainingForm::reloadStartFrom()
{
    const QString current = startFrom();
    const QSignalBlocker block(m_startFrom);
    m_startFrom->clear();
    m_startFrom->addItem(tr("scratch (a new encoder)"), QString());
    m_startFrom->setItemData(0, QString(), Qt::UserRole + 1);
    for (const RunInfo& run : m_project.runs()) {
        if (!run.hasAudioEncoder)
            continue;
        const QString method = MethodName::of(run.matching);
        const QString label = run.config.stage == TrainStage::Finetune ? tr("%1 (stage 2, %2)").arg(run.name, method)
                                                                       : tr("%1 (%2)").arg(run.name, method);
        m_startFrom->addItem(label, run.folder);
        const int index = m_startFrom->count() - 1;
        m_startFrom->setItemData(index, encoderFolder(run.folder), Qt::UserRole + 1);
        m_startFrom->setItemData(index, encoderFolder(run.folder), Qt::ToolTipRole);
    }
    if (current.isEmpty() || !setStartFrom(current))
        chooseDefaultStartFrom();
    updateStartFromRows();
}

void TrainingForm::updateStartFromRows()
{
    // A run brings its own encoder; only an encoder that exists has blocks to keep.
    m_advancedLayout->setRowVisible(m_audioEncoder, startFrom().isEmpty());
    m_advancedLayout->setRowVisible(m_frozenAudioBlocks, !startFrom().isEmpty());
}

void TrainingForm::describeDefaults()
{
    const TrainConfig& c = m_recipe;
    const auto yesNo = [](bool b) { return b ? tr("on") : tr("off"); };
    const std::pair<QWidget*, QString> defaults[] = {
        {m_stage, m_stage->itemText(m_stage->findData(c.stage == TrainStage::Tag ? 0 : c.stage == TrainStage::Pretrain ? 1 : 2))},
        {m_matching, MethodName::of(QString::fromStdString(c.matching))},
        {m_epochs, QString::number(c.epochs)},
        {m_batch, QString::number(c.batchSize)},
        {m_learningRate, number(c.learningRate)},
        {m_seed, QString::number(c.seed)},
        {m_warmupEpochs, QString::number(c.nearestWarmupEpochs)},
        {m_warmupMatching, m_warmupMatching->itemText(m_warmupMatching->findData(int(c.nearestWarmupMatching)))},
        {m_centred, yesNo(c.nearestCentred)},
        {m_segmentSeconds, tr("%1 s").arg(number(c.segmentSeconds))},
        {m_maskSameClip, yesNo(c.maskSameClipNegatives)},
        {m_startFrom, tr("stage 1: the audio-tagging run, stage 2: the stage-1 run with the same matching (the same seed preferred); otherwise scratch")},
        {m_weightDecay, number(c.weightDecay)},
        {m_warmupFraction, number(c.warmupFraction)},
        {m_gradClip, c.gradClipNorm > 0 ? number(c.gradClipNorm) : tr("off")},
        {m_temperature, number(c.initialTemperature)},
        {m_frozenAudioBlocks, c.frozenAudioBlocks > 0 ? QString::number(c.frozenAudioBlocks) : tr("none")},
        {m_textBlocks, QString::number(c.textTowerTrainableBlocks)},
        {m_textLearningRate, number(c.textLearningRate)},
        {m_frequencyMasks, c.specAugmentFrequencyMasks > 0 ? QString::number(c.specAugmentFrequencyMasks) : tr("off")},
        {m_frequencyMaskBins, tr("%1 bins").arg(c.specAugmentFrequencyBins)},
        {m_timeMasks, c.specAugmentTimeMasks > 0 ? QString::number(c.specAugmentTimeMasks) : tr("off")},
        {m_timeMaskSeconds, tr("%1 s").arg(number(c.specAugmentTimeSeconds))},
        {m_audioEncoder, c.audioEncoderConfig.empty() ? m_audioEncoder->itemText(0) : QString::fromStdString(c.audioEncoderConfig)},
        {m_device, QString::fromStdString(c.device)},
        {m_threads, c.threads > 0 ? QString::number(c.threads) : tr("auto")},
        {m_checkpointEvery, c.checkpointEverySteps > 0 ? QString::number(c.checkpointEverySteps) : tr("epoch ends only")},
        {m_keepCheckpoints, QString::number(c.keepCheckpoints)},
        {m_validate, yesNo(c.validateEachEpoch)},
    };
    const QString recipe = recipeName().isEmpty() ? tr("defaults") : recipeName();
    for (const auto& [field, value] : defaults)
        field->setToolTip(tr("%1\nDefault (%2): %3").arg(field->property(AboutProperty).toString(), recipe, value));
}

} // namespace soundframe::gui
