#include "RetrievalQueries.h"

#include "base/Error.h"
#include "base/FileText.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace soundframe {

using json = nlohmann::ordered_json;

namespace {
json itemJson(const RetrievalItem& item)
{
    json j{{"clip", item.clip}};
    if (item.isCaption())
        j["text"] = item.text;
    return j;
}

RetrievalItem itemFrom(const json& j)
{
    return {j.at("clip").get<std::string>(), j.value("text", std::string())};
}
} // namespace

std::vector<std::string> RetrievalQueries::directions() const
{
    std::vector<std::string> names;
    for (const auto& q : queries)
        if (names.empty() || names.back() != q.direction)
            names.push_back(q.direction);
    return names;
}

std::vector<RetrievalQuery> RetrievalQueries::direction(const std::string& name) const
{
    std::vector<RetrievalQuery> out;
    for (const auto& q : queries)
        if (q.direction == name)
            out.push_back(q);
    return out;
}

std::string RetrievalQueries::toJsonLines() const
{
    std::string text;
    for (const auto& q : queries) {
        json relevant = json::array(), top = json::array();
        for (const auto& item : q.relevant)
            relevant.push_back(itemJson(item));
        for (const auto& hit : q.top) {
            json h = itemJson(hit.item);
            h["score"] = hit.score;
            h["relevant"] = hit.relevant;
            top.push_back(std::move(h));
        }
        text += json{{"direction", q.direction}, {"query", itemJson(q.query)}, {"rank", q.rank},
                     {"relevant", relevant}, {"top", top}}
                    .dump()
                + "\n";
    }
    return text;
}

RetrievalQueries RetrievalQueries::read(const std::filesystem::path& file)
{
    std::istringstream lines(readFileText(file, "the retrieval queries"));
    RetrievalQueries out;
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.empty())
            continue;
        const auto where = file.string() + ":" + std::to_string(number);
        try {
            const json j = json::parse(line);
            RetrievalQuery q;
            q.direction = j.at("direction").get<std::string>();
            q.query = itemFrom(j.at("query"));
            q.rank = j.at("rank").get<int64_t>();
            for (const auto& item : j.at("relevant"))
                q.relevant.push_back(itemFrom(item));
            for (const auto& hit : j.at("top"))
                q.top.push_back({itemFrom(hit), hit.at("score").get<double>(), hit.value("relevant", false)});
            out.queries.push_back(std::move(q));
        } catch (const json::exception& e) {
            throw Error(where, std::string("not a retrieval query line: ") + e.what());
        }
    }
    return out;
}

} // namespace soundframe
