#include "cli/output.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace tc::cli {

namespace {

std::string shown_path(const std::string& file, const std::filesystem::path& directory) {
    std::filesystem::path path(file);
    if (!path.is_absolute()) {
        return file;
    }
    auto relative = path.lexically_relative(directory);
    bool inside = !relative.empty() && *relative.begin() != "..";
    return inside ? relative.string() : file;
}

} // namespace

std::string format_uses_json(const std::vector<project::ImageUse>& uses) {
    auto array = nlohmann::json::array();
    for (const auto& use : uses) {
        nlohmann::json object{{"service", use.service},
                              {"kind", project::use_kind_name(use.kind)},
                              {"reference", use.reference},
                              {"written", use.written}};
        if (use.file) {
            object["file"] = *use.file;
        }
        if (use.line > 0) {
            object["line"] = use.line;
        }
        if (!use.platform.empty()) {
            object["platform"] = use.platform;
        }
        array.push_back(std::move(object));
    }
    return array.dump(2) + "\n";
}

std::string format_uses_table(const std::vector<project::ImageUse>& uses,
                              const std::filesystem::path& directory) {
    std::vector<std::array<std::string, 4>> rows{{"SERVICE", "KIND", "REFERENCE", "WHERE"}};
    for (const auto& use : uses) {
        std::string where;
        if (use.file) {
            where = shown_path(*use.file, directory);
            if (use.line > 0) {
                where += fmt::format(":{}", use.line);
            }
        }
        // Names come from project files: never let them speak to the terminal.
        rows.push_back({util::printable(use.service), std::string(project::use_kind_name(use.kind)),
                        util::printable(use.reference), util::printable(where)});
    }

    std::array<size_t, 4> widths{};
    for (const auto& row : rows) {
        for (size_t column = 0; column < row.size(); ++column) {
            widths[column] = std::max(widths[column], row[column].size());
        }
    }
    std::string text;
    for (const auto& row : rows) {
        std::string line;
        for (size_t column = 0; column < row.size(); ++column) {
            line += column + 1 < row.size() ? fmt::format("{:<{}}  ", row[column], widths[column])
                                            : row[column];
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        text += line + "\n";
    }
    return text;
}

} // namespace tc::cli
