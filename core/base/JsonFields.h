#pragma once
// JsonFields: checked reading of a JSON object into a config struct's fields, for configs whose
// files override only the keys they name (open_clip's model_configs habit).
//
//   JsonFields fields(json, "resources/configs/demo-stage1.json");   // Error unless `json` is an object
//   fields.read("epochs", c.epochs);                 // absent: c.epochs keeps its default
//   fields.read("seeds", c.seeds);                   // std::vector<int> from an array of integers
//   JsonFields log = fields.child("log_mel");        // sub-object; its errors name "log_mel.n_mels"
//   log.read("n_mels", c.nMels);
//   log.finish();
//   fields.finish();                                 // Error naming the first key nobody read
//
// A value of the wrong type or out of the field's range is an Error naming the file and the key
// ("config.json: key 'text_config.hidden_size' has the wrong type: expected an integer, found
// string \"48\""): nlohmann itself would convert any number or bool to any arithmetic type, and
// 1e300 into an int is undefined behaviour.
//
// Two modes. Strict (our own formats): a key nobody read is an Error at finish(), and null is a
// wrong type. Lenient (files other tools write, e.g. Hugging Face's config.json): those files
// carry many keys we do not use and write null for unset values, so unread keys are ignored and
// null reads as absent; a key we do read must still have the right type.
//
// Nested objects: child("key") reads the sub-object with errors naming "key.sub" in the same file;
// object("key") returns the raw sub-object for a JsonFields of its own (then named as you choose,
// e.g. "FILE: stand_in"). A field of several shapes (HF's "size": 224 or {"shortest_edge": 224})
// is inspected with value() and read with read() or child() accordingly.
#include "base/Error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace soundframe {

class JsonFields {
public:
    enum class Mode { Strict, Lenient };

    JsonFields(nlohmann::json json, std::string where, Mode mode = Mode::Strict);
    // Parses `text` first; malformed JSON is an Error naming `where`.
    static JsonFields parse(const std::string& text, const std::string& where, Mode mode = Mode::Strict);

    // T: bool, an integer type, a floating-point type, std::string, or a std::vector / std::array
    // of those (an array must have exactly N elements).
    template <typename T>
    void read(const char* key, T& field)
    {
        const nlohmann::json* item = value(key);
        if (!item)
            return;
        if constexpr (isVector<T>::value || isArray<T>::value) {
            using Element = typename T::value_type;
            bool shapeFits = item->is_array();
            if constexpr (isArray<T>::value)
                shapeFits = shapeFits && item->size() == std::tuple_size_v<T>;
            if (!shapeFits)
                wrongType(key, expected<T>(), *item);
            T values{};
            size_t i = 0;
            for (const auto& element : *item) {
                check<Element>(key, element, expected<T>());
                if constexpr (isVector<T>::value)
                    values.push_back(element.template get<Element>());
                else
                    values[i++] = element.template get<Element>();
            }
            field = values;
        } else {
            check<T>(key, *item, expected<T>());
            field = item->template get<T>();
        }
    }
    // True when `key` is present (and, in Lenient mode, not null).
    bool has(const char* key) const;
    // The raw value under `key` (nullptr when absent, or null in Lenient mode); counts as read.
    const nlohmann::json* value(const char* key);
    // The sub-object under `key` read with the same file and mode, its keys named "key.sub".
    // Absent: an empty object. Not an object: Error.
    JsonFields child(const char* key);
    // The raw object under `key` (an empty object when absent; Error when not an object).
    nlohmann::json object(const char* key);
    // Error(where, "key 'KEY': reason"), for checks of a value's range or shape.
    [[noreturn]] void fail(const char* key, const std::string& reason) const;
    const std::string& where() const { return m_where; }
    // Strict: Error naming the first key of the object that nobody asked for. Lenient: nothing.
    void finish() const;

private:
    template <typename T> struct isVector : std::false_type {};
    template <typename T> struct isVector<std::vector<T>> : std::true_type {};
    template <typename T> struct isArray : std::false_type {};
    template <typename T, size_t N> struct isArray<std::array<T, N>> : std::true_type {};

    // "an integer", "an array of 3 numbers", ... for error texts.
    template <typename T>
    static std::string expected(bool plural = false)
    {
        if constexpr (isVector<T>::value)
            return "an array of " + expected<typename T::value_type>(true);
        else if constexpr (isArray<T>::value)
            return "an array of " + std::to_string(std::tuple_size_v<T>) + " " + expected<typename T::value_type>(true);
        else if constexpr (std::is_same_v<T, bool>)
            return plural ? "booleans" : "true or false";
        else if constexpr (std::is_integral_v<T>)
            return plural ? "integers" : "an integer";
        else if constexpr (std::is_floating_point_v<T>)
            return plural ? "numbers" : "a number";
        else {
            static_assert(std::is_same_v<T, std::string>, "JsonFields reads bool, numbers, strings and arrays of them");
            return plural ? "strings" : "a string";
        }
    }

    template <typename T>
    void check(const char* key, const nlohmann::json& item, const std::string& expectedText) const
    {
        bool typeFits = false;
        if constexpr (std::is_same_v<T, bool>)
            typeFits = item.is_boolean();
        else if constexpr (std::is_integral_v<T>)
            typeFits = item.is_number_integer();
        else if constexpr (std::is_floating_point_v<T>)
            typeFits = item.is_number();
        else
            typeFits = item.is_string();
        if (!typeFits)
            wrongType(key, expectedText, item);
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
            bool inRange;
            if (item.is_number_unsigned()) {
                inRange = item.get<uint64_t>() <= uint64_t(std::numeric_limits<T>::max());
            } else {
                const int64_t v = item.get<int64_t>();
                if constexpr (std::is_unsigned_v<T>)
                    inRange = v >= 0 && uint64_t(v) <= uint64_t(std::numeric_limits<T>::max());
                else
                    inRange = v >= int64_t(std::numeric_limits<T>::min()) && v <= int64_t(std::numeric_limits<T>::max());
            }
            if (!inRange)
                fail(key, "out of range: " + item.dump());
        }
    }
    [[noreturn]] void wrongType(const char* key, const std::string& expectedText, const nlohmann::json& found) const;

    nlohmann::json m_json;
    std::string m_where;
    Mode m_mode;
    std::string m_prefix;  // "log_mel." for a child's keys
    std::set<std::string> m_known;
};

} // namespace soundframe
