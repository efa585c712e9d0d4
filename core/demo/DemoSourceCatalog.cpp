#include "DemoSourceCatalog.h"

#include "base/Error.h"
#include "demo/QtResourceBundle.h"

#include <QDirIterator>
#include <QString>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <system_error>

namespace soundframe {
namespace {

namespace fs = std::filesystem;

const char* const kGcompris = "gcompris-qt-data";
const char* const kWesnoth = "wesnoth-1.16-data";
const char* const kFreedesktop = "sound-theme-freedesktop";
const char* const kTuxPaint = "tuxpaint-stamps-default";

// A class whose files are picked by name: recordings whose stem starts with one of `prefixes`.
struct NamedClass {
    const char* label;
    std::vector<std::string> phrases;
    std::vector<std::string> prefixes;
    std::vector<std::string> pictures;  // paths relative to the package's picture folder
};

const int kMaxRecordingsPerClass = 12;

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

// Files of `folder` (not recursive) whose stem starts with a prefix; sorted, at most the cap.
std::vector<fs::path> filesWithPrefixes(const fs::path& folder, const std::vector<std::string>& prefixes)
{
    // One name per sound: freedesktop ships aliases (screen-capture.oga -> camera-shutter.oga), and
    // two names of one file would put one sound into two splits. The file's own name wins over a link.
    std::map<fs::path, fs::path> byTarget;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        if (!entry.is_regular_file())
            continue;
        const std::string stem = entry.path().stem().string();
        const bool matches = std::any_of(prefixes.begin(), prefixes.end(),
                                         [&](const std::string& prefix) { return startsWith(stem, prefix); });
        if (!matches)
            continue;
        const fs::path target = fs::weakly_canonical(entry.path(), error);
        if (error)
            continue;
        if (entry.is_symlink())
            byTarget.emplace(target, entry.path());
        else
            byTarget[target] = entry.path();
    }
    std::vector<fs::path> found;
    for (const auto& [target, name] : byTarget)
        found.push_back(name);
    std::sort(found.begin(), found.end());
    if (found.size() > size_t(kMaxRecordingsPerClass))
        found.resize(kMaxRecordingsPerClass);
    return found;
}

// The qsTr("...") text of `key` in the board entry whose audio is `audioStem`: gcompris'
// board files list, per animal, "title", "text", "audio", "image2", "text2".
std::string boardText(const std::string& board, const std::string& audioStem, const std::string& key)
{
    const size_t audio = board.find("/" + audioStem + ".$CA");
    if (audio == std::string::npos)
        return {};
    const std::string needle = "\"" + key + "\": qsTr(\"";
    const size_t at = key == "text" ? board.rfind(needle, audio) : board.find(needle, audio);
    if (at == std::string::npos)
        return {};
    const size_t begin = at + needle.size();
    const size_t end = board.find("\")", begin);
    return end == std::string::npos ? std::string() : board.substr(begin, end - begin);
}

std::string lowerFirst(std::string text)
{
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = char(text[0] - 'A' + 'a');
    return text;
}

// "The cow goes 'moo'. Cows have ..." -> "the cow goes 'moo'".
std::string firstSentence(const std::string& text)
{
    const size_t dot = text.find(". ");
    std::string sentence = dot == std::string::npos ? text : text.substr(0, dot);
    if (!sentence.empty() && sentence.back() == '.')
        sentence.pop_back();
    return lowerFirst(sentence);
}

// Tux Paint stamps of sounds the other packages already name (or two stamps of one new class):
// STAMP.ogg is the recording, STAMP.png or STAMP.svg its picture, the first line of STAMP.txt its
// English description ("A brown hen."). STAMP_desc*.ogg are spoken descriptions and never used.
struct StampClass {
    const char* label;
    std::vector<std::string> phrases;
    std::vector<std::string> stamps;  // paths under the stamps folder, without extension
};

// "A brown hen." -> "a brown hen": the first line of a stamp's description file, "" when it has none.
std::string stampDescription(const fs::path& textFile)
{
    std::ifstream in(textFile);
    std::string line;
    if (!std::getline(in, line))
        return {};
    while (!line.empty() && (line.back() == '\r' || line.back() == '.' || line.back() == ' '))
        line.pop_back();
    return lowerFirst(line);
}

} // namespace

const std::vector<std::string>& DemoSourceCatalog::knownPackages()
{
    static const std::vector<std::string> known{kGcompris, kWesnoth, kFreedesktop, kTuxPaint};
    return known;
}

DemoSourceCatalog::DemoSourceCatalog(std::vector<DemoSource> sources) : m_sources(std::move(sources)) {}

int DemoSourceCatalog::recordingCount() const
{
    int n = 0;
    for (const auto& s : m_sources)
        n += int(s.recordings.size());
    return n;
}

int DemoSourceCatalog::pictureCount() const
{
    int n = 0;
    for (const auto& s : m_sources)
        n += int(s.pictures.size());
    return n;
}

bool DemoSourceCatalog::wants(const std::string& package) const
{
    return m_wanted.empty() || std::find(m_wanted.begin(), m_wanted.end(), package) != m_wanted.end();
}

void DemoSourceCatalog::add(const std::string& package, DemoSource source)
{
    if (source.recordings.empty() || !wants(package))
        return;
    DemoPackageCount& count = m_counts[package];
    count.recordings += int(source.recordings.size());
    count.pictures += int(source.pictures.size());
    for (DemoSource& existing : m_sources) {
        if (existing.name != source.name)
            continue;
        if (std::find(existing.packages.begin(), existing.packages.end(), package) == existing.packages.end())
            count.classes += 1;  // a class counts once per package
        auto append = [](auto& to, const auto& from) {
            for (const auto& item : from)
                if (std::find(to.begin(), to.end(), item) == to.end())
                    to.push_back(item);
        };
        append(existing.phrases, source.phrases);
        append(existing.descriptions, source.descriptions);
        append(existing.recordings, source.recordings);
        append(existing.pictures, source.pictures);
        append(existing.packages, std::vector<std::string>{package});
        return;
    }
    count.classes += 1;
    source.packages = {package};
    m_sources.push_back(std::move(source));
}

DemoSourceCatalog DemoSourceCatalog::discover(const DemoPackageRoots& roots, const fs::path& extractFolder,
                                                const std::vector<std::string>& packages)
{
    const auto& known = knownPackages();
    for (const auto& package : packages)
        if (std::find(known.begin(), known.end(), package) == known.end())
            throw Error(std::string("demo sources"), "unknown package '" + package + "'");
    DemoSourceCatalog catalog;
    catalog.m_wanted = packages.empty() ? known : packages;
    std::error_code error;

    // gcompris-qt-data: Qt resource bundles.
    const fs::path rcc = roots.gcomprisRcc;
    const QString base = ":/gcompris/src/activities/";
    auto withBundle = [&](const char* bundle, const auto& body) {
        if (!catalog.wants(kGcompris))
            return false;
        const QtResourceBundle registered(rcc / bundle);
        if (!registered.isOpen())
            return false;
        body();
        return true;
    };
    auto extract = [&](const QString& resource, const std::string& relative) -> fs::path {
        const fs::path target = extractFolder / "gcompris" / relative;
        return QtResourceBundle::copyOut(resource.toStdString(), target) ? target : fs::path();
    };
    bool anyGcompris = false;

    anyGcompris |= withBundle("explore_farm_animals.rcc", [&] {
        const QString folder = base + "explore_farm_animals/resource/animals/";
        const std::string board
            = QtResourceBundle::readAll((base + "explore_farm_animals/resource/board/board1.qml").toStdString());
        const std::vector<std::tuple<const char*, const char*, std::vector<std::string>>> animals{
            {"cat", "cat", {"a cat meows", "a cat mews"}},
            {"chicken", "chickens", {"chickens cluck", "a hen clucks"}},
            {"cow", "cow", {"a cow moos", "cattle low"}},
            {"dog", "dog", {"a dog barks", "a dog woofs"}},
            {"duck", "duck", {"a duck quacks", "ducks quack"}},
            {"horse", "horse", {"a horse neighs", "a horse whinnies"}},
            {"owl", "owl", {"an owl hoots", "an owl calls"}},
            {"pig", "pig", {"a pig oinks", "a pig grunts"}},
            {"sheep", "sheep", {"a sheep bleats", "sheep baa"}},
        };
        for (const auto& [name, audioStem, phrases] : animals) {
            DemoSource s;
            s.name = name;
            s.phrases = phrases;
            const std::string text = boardText(board, audioStem, "text");
            if (!text.empty()) {
                s.phrases.push_back(firstSentence(text));
                s.descriptions.push_back(text);
            }
            const std::string text2 = boardText(board, audioStem, "text2");
            if (!text2.empty())
                s.descriptions.push_back(text2);
            const fs::path audio = extract(folder + audioStem + ".ogg", std::string("farm/") + audioStem + ".ogg");
            if (!audio.empty())
                s.recordings.push_back(audio);
            for (const char* ext : {".webp", ".svg"}) {
                const fs::path picture = extract(folder + name + ext, std::string("farm/") + name + ext);
                if (!picture.empty())
                    s.pictures.push_back(picture);
            }
            catalog.add(kGcompris, std::move(s));
        }
    });

    anyGcompris |= withBundle("instruments.rcc", [&] {
        const QString folder = base + "instruments/resource/";
        const std::vector<std::pair<const char*, const char*>> instruments{
            {"accordion", "accordion"}, {"banjo", "banjo"}, {"bongo", "bongos"}, {"castanets", "castanets"},
            {"cello", "cello"}, {"clarinet", "clarinet"}, {"cymbal", "cymbal"}, {"drum_kit", "drum kit"},
            {"electric_guitar", "electric guitar"}, {"flute_traversiere", "flute"}, {"guitar", "guitar"},
            {"harmonica", "harmonica"}, {"harp", "harp"}, {"horn", "horn"}, {"maracas", "maracas"},
            {"organ", "organ"}, {"piano", "piano"}, {"saxophone", "saxophone"}, {"snare_drum", "snare drum"},
            {"tambourine", "tambourine"}, {"timpani", "timpani"}, {"triangle", "triangle"},
            {"trombone", "trombone"}, {"trumpet", "trumpet"}, {"tuba", "tuba"}, {"violin", "violin"},
        };
        for (const auto& [stem, name] : instruments) {
            DemoSource s;
            s.name = name;
            s.phrases = {std::string("someone plays the ") + name, std::string("a ") + name + " is played",
                         std::string("music on a ") + name};
            const fs::path audio = extract(folder + stem + ".ogg", std::string("instruments/") + stem + ".ogg");
            if (!audio.empty())
                s.recordings.push_back(audio);
            const fs::path picture = extract(folder + stem + ".svg", std::string("instruments/") + stem + ".svg");
            if (!picture.empty())
                s.pictures.push_back(picture);
            catalog.add(kGcompris, std::move(s));
        }
    });

    anyGcompris |= withBundle("explore_world_music.rcc", [&] {
        const QString folder = base + "explore_world_music/resource/music/";
        const std::vector<std::tuple<const char*, const char*, const char*>> regions{
            {"africa", "africa", "african"},       {"america", "america", "american"},
            {"australia", "australia", "australian"}, {"ireland", "ireland", "irish"},
            {"italy", "italy", "italian"},         {"japan", "japan", "japanese"},
            {"mexico", "mexico", "mexican"},       {"middleeast", "middleeast", "middle eastern"},
            {"beethoven", "orchestra", ""},
        };
        for (const auto& [audioStem, pictureStem, adjective] : regions) {
            DemoSource s;
            if (*adjective) {
                s.name = std::string(adjective) + " music";
                s.phrases = {std::string(adjective) + " music plays", std::string("traditional ") + adjective + " music",
                             std::string("a ") + adjective + " folk tune"};
            } else {
                s.name = "orchestra";
                s.phrases = {"an orchestra plays", "classical music by an orchestra", "a symphony plays"};
            }
            const fs::path audio = extract(folder + audioStem + ".ogg", std::string("music/") + audioStem + ".ogg");
            if (!audio.empty())
                s.recordings.push_back(audio);
            const fs::path picture
                = extract(folder + pictureStem + ".webp", std::string("music/") + pictureStem + ".webp");
            if (!picture.empty())
                s.pictures.push_back(picture);
            catalog.add(kGcompris, std::move(s));
        }
    });

    anyGcompris |= withBundle("memory-sound.rcc", [&] {
        const std::vector<NamedClass> classes{
            {"car engine", {"a car engine starts and stops", "a car starts up"}, {"LRStartAndStopCarEngine"}, {}},
            {"fireball", {"fireballs whoosh", "flames whoosh past"}, {"LRFireballs"}, {}},
            {"falling object", {"an object falls to the floor", "something drops"}, {"LRObject_falling"}, {}},
            {"gong", {"a gong rings", "someone strikes a gong"}, {"LRBuddhist_gong"}, {}},
            {"guitar", {"someone plays the guitar", "a guitar is played"}, {"guitar_"}, {}},
            {"factory", {"factory machines clatter", "machines run in a factory"}, {"LRFactory_noise"}, {}},
            {"bell", {"a bell rings", "a bell chimes"}, {"LRRing"}, {}},
            {"knocking", {"something is hit repeatedly", "knocking sounds"}, {"LRHits"}, {}},
            {"door", {"a door opens", "a door creaks open"}, {"LRDoor_Open"}, {}},
            {"train", {"a train slows down", "a train brakes"}, {"LRTrain_slowing"}, {}},
            {"dog", {"a dog barks", "a dog woofs"}, {"LRBark"}, {}},
            {"strange noise", {"a strange electronic noise warbles", "weird synthetic sounds"}, {"LRWeird"}, {}},
            {"applause", {"people applaud", "a crowd claps"}, {"LRApplauses"}, {}},
            {"heartbeat", {"a heart beats", "a heartbeat thumps"}, {"LRHeart_beat"}, {}},
            {"frogs", {"frogs croak during a storm", "frogs croak in a pond"}, {"LRFrogsInPond"}, {}},
            {"rain", {"rain falls in a garden", "it is raining"}, {"LRRain_in_garden"}, {}},
        };
        const QString folder = base + "memory-sound/resource/";
        std::vector<QString> names;
        QDirIterator it(folder);
        while (it.hasNext()) {
            it.next();
            if (it.fileName().endsWith(".ogg"))
                names.push_back(it.fileName());
        }
        std::sort(names.begin(), names.end());
        for (const NamedClass& c : classes) {
            DemoSource s;
            s.name = c.label;
            s.phrases = c.phrases;
            for (const QString& name : names)
                for (const auto& prefix : c.prefixes)
                    if (name.startsWith(QString::fromStdString(prefix))) {
                        const fs::path audio = extract(folder + name, "memory-sound/" + name.toStdString());
                        if (!audio.empty())
                            s.recordings.push_back(audio);
                    }
            catalog.add(kGcompris, std::move(s));
        }
    });

    anyGcompris |= withBundle("core.rcc", [&] {
        const QString folder = ":/gcompris/src/core/resource/sounds/";
        const std::vector<std::tuple<const char*, const char*, std::vector<std::string>>> sounds{
            {"water", "water splash", {"water splashes", "a splash of water"}},
            {"crash", "crash", {"something crashes", "a loud crash"}},
        };
        for (const auto& [stem, name, phrases] : sounds) {
            DemoSource s;
            s.name = name;
            s.phrases = phrases;
            const fs::path audio = extract(folder + stem + ".wav", std::string("core/") + stem + ".wav");
            if (!audio.empty())
                s.recordings.push_back(audio);
            catalog.add(kGcompris, std::move(s));
        }
    });
    if (!anyGcompris && catalog.wants(kGcompris))
        catalog.m_missing.push_back(kGcompris);

    // wesnoth-1.16-data: sound effects, matched to unit sprites by what makes the sound.
    const fs::path wesnothSounds = roots.wesnothData / "sounds";
    const fs::path units = roots.wesnothData / "images" / "units";
    const bool wesnoth = catalog.wants(kWesnoth);
    if (wesnoth && fs::is_directory(wesnothSounds, error)) {
        const std::vector<NamedClass> classes{
            {"wolf", {"a wolf growls", "a wolf snarls"}, {"wolf-"},
             {"monsters/wolf.png", "monsters/direwolf.png", "monsters/wolf-great.png", "goblins/direwolver.png"}},
            {"horse", {"a horse neighs", "a horse gallops"}, {"horse-"},
             {"monsters/horse/horse.png", "human-loyalists/cavalryman/cavalryman.png",
              "human-loyalists/horseman/horseman.png"}},
            {"bat", {"a bat flaps its wings", "wings flap"}, {"bat-"}, {}},
            {"gryphon", {"a gryphon shrieks", "a gryphon screeches"}, {"gryphon-"}, {"monsters/gryphon.png"}},
            {"drake", {"a drake roars", "a dragon roars"}, {"drake-"},
             {"drakes/burner.png", "drakes/fighter.png", "drakes/clasher.png", "drakes/glider.png"}},
            {"troll", {"a troll grunts", "a troll roars"}, {"troll-"},
             {"trolls/grunt.png", "trolls/whelp.png", "trolls/warrior.png"}},
            {"ogre", {"an ogre bellows", "an ogre grunts"}, {"ogre-"}, {"ogres/ogre.png"}},
            {"yeti", {"a yeti roars", "a yeti growls"}, {"yeti-"}, {"monsters/yeti.png"}},
            {"naga", {"a naga hisses", "a snake-like creature hisses"}, {"naga-", "hiss"},
             {"nagas/fighter.png", "nagas/warrior.png"}},
            {"merfolk", {"a merfolk warrior cries out", "a sea creature cries"}, {"mermaid-", "mermen-"},
             {"merfolk/fighter.png", "merfolk/hunter.png"}},
            {"skeleton", {"bones rattle", "a skeleton rattles"}, {"skeleton-"},
             {"undead-skeletal/deathblade.png", "undead-skeletal/draug.png"}},
            {"wose", {"a tree creature creaks", "a wose groans"}, {"wose-"}, {"woses/wose.png"}},
            {"goblin", {"a goblin squeals", "a goblin shrieks"}, {"goblin-"},
             {"goblins/spearman.png", "goblins/impaler.png"}},
            {"orc", {"an orc shouts", "an orc grunts"}, {"orc-"},
             {"orcs/grunt.png", "orcs/warrior.png", "orcs/archer.png"}},
            {"dwarf", {"a dwarf shouts", "a dwarf grunts"}, {"dwarf-"},
             {"dwarves/fighter.png", "dwarves/guard.png", "dwarves/scout.png"}},
            {"elf", {"an elf cries out", "an elf is hurt"}, {"elf-hit"},
             {"elves-wood/fighter.png", "elves-wood/archer.png"}},
            {"zombie", {"a zombie moans", "the undead groan"}, {"zombie-"}, {"undead/zombie.png"}},
            {"lich", {"a lich wails", "a ghostly wail"}, {"lich-", "wail"}, {"undead-necromancers/lich.png"}},
            {"man", {"a man cries out", "a man groans in pain"}, {"human-hit-", "human-die-", "human-old-"},
             {"human-loyalists/spearman.png", "human-peasants/peasant.png"}},
            {"woman", {"a woman cries out", "a woman groans in pain"}, {"human-female-"}, {}},
            {"boar", {"a boar charges", "a tusked beast squeals"}, {"tusker-"}, {}},
            {"explosion", {"something explodes", "an explosion booms"}, {"explosion"}, {}},
            {"lightning", {"lightning strikes", "thunder cracks"}, {"lightning"}, {}},
            {"bow", {"an arrow is shot from a bow", "a bow twangs"}, {"bow"}, {}},
            {"crossbow", {"a crossbow fires", "a crossbow bolt flies"}, {"crossbow"}, {}},
            {"sword", {"a blade swishes", "a sword swings"}, {"sword-", "dagger-swish", "knife"}, {}},
            {"axe", {"an axe strikes", "a hatchet chops"}, {"axe", "hatchet"}, {}},
            {"fire", {"a fire roars", "flames burst"}, {"fire", "flame-big", "melee-fire", "torch"}, {}},
            {"water splash", {"water splashes", "a wave of water crashes"}, {"water-blast"}, {}},
            {"gunshot", {"a gun fires", "a gunshot rings out"}, {"gunshot", "thunderstick"}, {}},
            {"rumble", {"rocks rumble", "a cave collapses"}, {"rumble", "cave-in"}, {}},
            {"chest", {"a chest creaks open", "a lid opens"}, {"open-chest"}, {}},
            {"coins", {"coins clink", "gold coins jingle"}, {"gold"}, {}},
            {"fanfare", {"a short fanfare plays", "trumpets sound a fanfare"}, {"fanfare-short"}, {}},
            {"magic spell", {"a magic spell sparkles", "a spell is cast"}, {"magic-"}, {}},
            {"club", {"a club thuds", "a heavy blow lands"}, {"club", "mace", "flail", "staff"}, {}},
            {"throw", {"something is thrown through the air", "a knife is thrown"}, {"throw-", "throwing-knife"}, {}},
        };
        for (const NamedClass& c : classes) {
            DemoSource s;
            s.name = c.label;
            s.phrases = c.phrases;
            s.recordings = filesWithPrefixes(wesnothSounds, c.prefixes);
            for (const auto& picture : c.pictures)
                if (fs::is_regular_file(units / picture, error))
                    s.pictures.push_back(units / picture);
            catalog.add(kWesnoth, std::move(s));
        }
    } else if (wesnoth) {
        catalog.m_missing.push_back(kWesnoth);
    }

    // sound-theme-freedesktop: desktop event sounds, all off screen.
    const bool freedesktop = catalog.wants(kFreedesktop);
    if (freedesktop && fs::is_directory(roots.freedesktopSounds, error)) {
        const std::vector<NamedClass> classes{
            {"alarm clock", {"an alarm clock rings", "an alarm goes off"}, {"alarm-clock"}, {}},
            {"bell", {"a bell rings", "a bell chimes"}, {"bell"}, {}},
            {"camera", {"a camera shutter clicks", "a photo is taken"}, {"camera-shutter", "screen-capture"}, {}},
            {"phone", {"a phone rings", "a telephone rings"}, {"phone-"}, {}},
            {"computer chime", {"a computer chimes", "a notification sounds"},
             {"complete", "message", "dialog-", "window-", "service-", "device-", "power-", "network-",
              "suspend-", "audio-volume"},
             {}},
            {"crumpling paper", {"paper is crumpled", "someone crumples paper"}, {"trash-empty"}, {}},
            {"voice", {"a voice speaks", "someone says a few words"}, {"audio-channel-"}, {}},
        };
        for (const NamedClass& c : classes) {
            DemoSource s;
            s.name = c.label;
            s.phrases = c.phrases;
            s.recordings = filesWithPrefixes(roots.freedesktopSounds, c.prefixes);
            catalog.add(kFreedesktop, std::move(s));
        }
    } else if (freedesktop) {
        catalog.m_missing.push_back(kFreedesktop);
    }

    // tuxpaint-stamps-default: more recordings, each with its picture, of classes the others name.
    const bool tuxPaint = catalog.wants(kTuxPaint);
    if (tuxPaint && fs::is_directory(roots.tuxpaintStamps, error)) {
        const std::vector<StampClass> classes{
            {"cat", {"a cat meows"}, {"seasonal/halloween/blackcat"}},
            {"chicken", {"a hen clucks", "a rooster crows"}, {"animals/birds/hen", "animals/birds/rooster"}},
            {"cow", {"a cow moos", "a bull bellows"},
             {"animals/mammals/bovines/cow", "animals/mammals/bovines/cow_white", "animals/mammals/bovines/bull"}},
            {"dog", {"a dog barks"}, {"animals/mammals/dogs/dog"}},
            {"duck", {"a duck quacks"}, {"animals/birds/duck", "animals/birds/drake"}},
            {"horse", {"a horse neighs"}, {"animals/mammals/equines/horse"}},
            {"owl", {"an owl hoots"}, {"animals/birds/owl"}},
            {"pig", {"a pig oinks", "a pig grunts"},
             {"animals/mammals/pig", "animals/mammals/pig_golden", "animals/mammals/pig_golden2"}},
            {"sheep", {"a sheep bleats", "a lamb bleats"},
             {"animals/mammals/bovines/sheep", "animals/mammals/bovines/sheep_lamb", "animals/mammals/bovines/ram"}},
            {"goat", {"a goat bleats", "a goat calls"},
             {"animals/mammals/bovines/goat", "animals/mammals/bovines/mountaingoat"}},
            {"deer", {"a deer calls", "a deer bellows"},
             {"animals/mammals/deer/deer", "animals/mammals/deer/doe", "animals/mammals/deer/caribou"}},
            {"frogs", {"a frog croaks"}, {"animals/amphibians/frog"}},
            {"cello", {"someone plays the cello"}, {"hobbies/music/string/cello"}},
            {"violin", {"someone plays the violin"}, {"hobbies/music/string/violin"}},
            {"cymbal", {"someone plays the cymbal", "a cymbal crashes"}, {"hobbies/music/percussion/cymbal_crash"}},
            {"drum kit", {"someone plays the drum kit"}, {"hobbies/music/percussion/drumkit"}},
            {"camera", {"a camera shutter clicks"}, {"hobbies/camera_35mm"}},
            {"lightning", {"lightning strikes", "thunder cracks"}, {"naturalforces/lightningbolt"}},
        };
        for (const StampClass& c : classes) {
            DemoSource s;
            s.name = c.label;
            s.phrases = c.phrases;
            for (const auto& stamp : c.stamps) {
                const auto file = [&](const char* extension) { return roots.tuxpaintStamps / (stamp + extension); };
                if (!fs::is_regular_file(file(".ogg"), error))
                    continue;
                s.recordings.push_back(file(".ogg"));
                for (const char* extension : {".png", ".svg"})
                    if (fs::is_regular_file(file(extension), error)) {
                        s.pictures.push_back(file(extension));
                        break;
                    }
                const std::string description = stampDescription(file(".txt"));
                if (!description.empty())
                    s.descriptions.push_back(description);
            }
            catalog.add(kTuxPaint, std::move(s));
        }
    } else if (tuxPaint) {
        catalog.m_missing.push_back(kTuxPaint);
    }
    return catalog;
}

} // namespace soundframe
