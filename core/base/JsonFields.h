#pragma once
// JsonFields: checked reading of a JSON object into a config struct's fields, for configs whose
// files override only the keys they name (open_clip's model_configs habit).
//
//   JsonFields fields(json, "resources/configs/demo-stage1.json");   // Error unless `json` is an object
//   fields.read("epochs", c.epochs);                 // absent: c.epochs keeps its default
//   fields.read("seeds", c.seeds);                   // std::vector<int> from an array of integers
//   fields.finish();                                 // Error naming the first key nobody read
//
// A value of the wrong type or out of the field's range is an Error naming the file and the key
// ("resources/configs/demo-stage1.json: key 'epochs' has the wrong type or is out of range"): nlohmann itself would
// convert any number or bool to any arithmetic type, and 1e300 into an int is undefined behaviour.
// Nested objects: fields.object("stand_in") returns the sub-object (empty when absent) to read with
// a JsonFields of its own, named "FILE: stand_in".
#include "base/Error.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace soundframe {

class JsonFields {
public:
    JsonFields(nlohmann::json json, std::string where);
    // Parses `text` first; malformed JSON is an Error naming `where`.
    static JsonFields parse(const std::string& text, const std::string& where);

    template <typename T>
    void read(const char* key, T& field)
    {
        m_known.insert(key);
        if (!m_json.contains(key))
            return;
        const auto& item = m_json.at(key);
        if constexpr (isVector<T>::value) {
            if (!item.is_array())
                wrongType(key);
            T values;
            for (const auto& element : item) {
                typename T::value_type v{};
                convert(key, element, v);
                values.push_back(v);
            }
            field = values;
        } else {
            convert(key, item, field);
        }
    }
    // The object under `key` (an empty object when absent; Error when not an object).
    nlohmann::json object(const char* key);
    const std::string& where() const { return m_where; }
    // Error naming the first key of the object that no read() or object() asked for.
    void finish() const;

private:
    template <typename T> struct isVector : std::false_type {};
    template <typename T> struct isVector<std::vector<T>> : std::true_type {};

    template <typename T>
    void convert(const char* key, const nlohmann::json& item, T& field) const
    {
        bool fits = true;
        if constexpr (std::is_same_v<T, bool>)
            fits = item.is_boolean();
        else if constexpr (std::is_integral_v<T>)
            fits = item.is_number_integer()
                && (item.is_number_unsigned() ? item.get<uint64_t>() <= uint64_t(std::numeric_limits<T>::max())
                                              : item.get<int64_t>() >= int64_t(std::numeric_limits<T>::min())
                                                    && (std::is_unsigned_v<T>
                                                        || item.get<int64_t>() <= int64_t(std::numeric_limits<T>::max())));
        else if constexpr (std::is_floating_point_v<T>)
            fits = item.is_number();
        else if constexpr (std::is_same_v<T, std::string>)
            fits = item.is_string();
        if (!fits)
            wrongType(key);
        try {
            field = item.get<T>();
        } catch (const nlohmann::json::exception&) {
            wrongType(key);
        }
    }
    [[noreturn]] void wrongType(const char* key) const;

    nlohmann::json m_json;
    std::string m_where;
    std::set<std::string> m_known;
};

} // namespace soundframe
