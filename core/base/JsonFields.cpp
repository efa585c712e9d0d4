#include "JsonFields.h"

namespace soundframe {

JsonFields::JsonFields(nlohmann::json json, std::string where) : m_json(std::move(json)), m_where(std::move(where))
{
    if (!m_json.is_object())
        throw Error(m_where, "expected a JSON object");
}

JsonFields JsonFields::parse(const std::string& text, const std::string& where)
{
    try {
        return JsonFields(nlohmann::json::parse(text), where);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("malformed JSON: ") + e.what());
    }
}

nlohmann::json JsonFields::object(const char* key)
{
    m_known.insert(key);
    if (!m_json.contains(key))
        return nlohmann::json::object();
    if (!m_json.at(key).is_object())
        throw Error(m_where, std::string("key '") + key + "' must be a JSON object");
    return m_json.at(key);
}

void JsonFields::finish() const
{
    for (const auto& [key, value] : m_json.items())
        if (!m_known.count(key))
            throw Error(m_where, "unknown key '" + key + "'");
}

void JsonFields::wrongType(const char* key) const
{
    throw Error(m_where, std::string("key '") + key + "' has the wrong type or is out of range");
}

} // namespace soundframe
