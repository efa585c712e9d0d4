#include "JsonFields.h"

namespace soundframe {

namespace {
// "string \"48\"", "array [1,\"two\"]": enough of the value to recognise it.
std::string describe(const nlohmann::json& value)
{
    std::string text = value.dump();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return value.is_null() ? text : std::string(value.type_name()) + " " + text;
}
} // namespace

JsonFields::JsonFields(nlohmann::json json, std::string where, Mode mode)
    : m_json(std::move(json)), m_where(std::move(where)), m_mode(mode)
{
    if (!m_json.is_object())
        throw Error(m_where, "expected a JSON object, found " + describe(m_json));
}

JsonFields JsonFields::parse(const std::string& text, const std::string& where, Mode mode)
{
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("malformed JSON: ") + e.what());
    }
    return JsonFields(std::move(json), where, mode);
}

bool JsonFields::has(const char* key) const
{
    const auto it = m_json.find(key);
    return it != m_json.end() && !(m_mode == Mode::Lenient && it->is_null());
}

const nlohmann::json* JsonFields::value(const char* key)
{
    m_known.insert(key);
    return has(key) ? &m_json.at(key) : nullptr;
}

JsonFields JsonFields::child(const char* key)
{
    JsonFields sub(object(key), m_where, m_mode);
    sub.m_prefix = m_prefix + key + ".";
    return sub;
}

nlohmann::json JsonFields::object(const char* key)
{
    const nlohmann::json* item = value(key);
    if (!item)
        return nlohmann::json::object();
    if (!item->is_object())
        wrongType(key, "a JSON object", *item);
    return *item;
}

void JsonFields::fail(const char* key, const std::string& reason) const
{
    throw Error(m_where, "key '" + m_prefix + key + "': " + reason);
}

void JsonFields::finish() const
{
    if (m_mode == Mode::Lenient)
        return;
    for (const auto& [key, value] : m_json.items())
        if (!m_known.count(key))
            throw Error(m_where, "unknown key '" + m_prefix + key + "'");
}

void JsonFields::wrongType(const char* key, const std::string& expectedText, const nlohmann::json& found) const
{
    throw Error(m_where, "key '" + m_prefix + key + "' has the wrong type: expected " + expectedText + ", found "
                             + describe(found));
}

} // namespace soundframe
