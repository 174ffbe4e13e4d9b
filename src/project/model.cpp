#include "project/model.hpp"

#include "util/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace tc::project {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) {
    throw util::Error(util::ErrorKind::compose,
                      "failed to read compose's effective configuration: " + what);
}

std::optional<std::string> optional_string(const json& object, const char* key,
                                           const std::string& where) {
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return std::nullopt;
    }
    if (!found->is_string()) {
        fail(fmt::format("{}.{} is not a string", where, key));
    }
    return unescape_dollars(found->get<std::string>());
}

std::vector<std::string> string_list(const json& object, const char* key,
                                     const std::string& where) {
    std::vector<std::string> values;
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return values;
    }
    if (!found->is_array()) {
        fail(fmt::format("{}.{} is not a list", where, key));
    }
    for (const auto& item : *found) {
        if (!item.is_string()) {
            fail(fmt::format("{}.{} holds a non-string", where, key));
        }
        values.push_back(unescape_dollars(item.get<std::string>()));
    }
    return values;
}

/// A mapping of strings; compose prints args as a map, v1 sometimes as ["K=V"] lists. Keys
/// whose value is null (an arg with no value and none in the environment) are left out.
std::map<std::string, std::string> string_map(const json& object, const char* key,
                                              const std::string& where) {
    std::map<std::string, std::string> values;
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return values;
    }
    if (found->is_array()) {
        for (const auto& item : *found) {
            auto text = unescape_dollars(item.get<std::string>());
            auto equals = text.find('=');
            if (equals != std::string::npos) {
                values[text.substr(0, equals)] = text.substr(equals + 1);
            }
        }
        return values;
    }
    if (!found->is_object()) {
        fail(fmt::format("{}.{} is not a mapping", where, key));
    }
    for (const auto& [name, value] : found->items()) {
        if (value.is_string()) {
            values[name] = unescape_dollars(value.get<std::string>());
        } else if (!value.is_null()) {
            values[name] = value.dump();
        }
    }
    return values;
}

BuildSection parse_build(const json& build, const std::string& where) {
    BuildSection section;
    if (build.is_string()) {
        section.context = unescape_dollars(build.get<std::string>());
        return section;
    }
    section.context = optional_string(build, "context", where).value_or(".");
    section.dockerfile = optional_string(build, "dockerfile", where);
    section.dockerfile_inline = optional_string(build, "dockerfile_inline", where);
    section.args = string_map(build, "args", where);
    section.additional_contexts = string_map(build, "additional_contexts", where);
    section.target = optional_string(build, "target", where);
    section.platforms = string_list(build, "platforms", where);
    section.cache_from = string_list(build, "cache_from", where);
    section.tags = string_list(build, "tags", where);
    return section;
}

std::vector<std::string> hook_images(const json& service, const std::string& where) {
    std::vector<std::string> images;
    for (const char* key : {"pre_start", "post_start", "pre_stop"}) {
        auto hooks = service.find(key);
        if (hooks == service.end() || !hooks->is_array()) {
            continue;
        }
        for (const auto& hook : *hooks) {
            if (auto image = optional_string(hook, "image", where + "." + key)) {
                images.push_back(*image);
            }
        }
    }
    return images;
}

std::vector<std::string> image_volume_sources(const json& service, const std::string& where) {
    std::vector<std::string> sources;
    auto volumes = service.find("volumes");
    if (volumes == service.end() || !volumes->is_array()) {
        return sources;
    }
    for (const auto& volume : *volumes) {
        if (volume.is_object() && volume.value("type", "") == "image") {
            if (auto source = optional_string(volume, "source", where + ".volumes")) {
                sources.push_back(*source);
            }
        }
    }
    return sources;
}

Service parse_service(const std::string& name, const json& object) {
    std::string where = "services." + name;
    if (!object.is_object()) {
        fail(where + " is not a mapping");
    }
    Service service;
    service.name = name;
    service.image = optional_string(object, "image", where);
    if (auto build = object.find("build"); build != object.end() && !build->is_null()) {
        service.build = parse_build(*build, where + ".build");
    }
    service.platform = optional_string(object, "platform", where);
    service.pull_policy = optional_string(object, "pull_policy", where);
    service.pre_start_images = hook_images(object, where);
    service.image_volume_sources = image_volume_sources(object, where);
    service.profiles = string_list(object, "profiles", where);
    // v2 prints depends_on as a mapping (name -> condition), v1 as a list or a mapping.
    if (auto depends = object.find("depends_on"); depends != object.end()) {
        if (depends->is_object()) {
            for (const auto& [dependency, condition] : depends->items()) {
                service.depends_on.push_back(dependency);
            }
        } else {
            service.depends_on = string_list(object, "depends_on", where);
        }
    }
    return service;
}

Model parse_model(const json& document) {
    if (!document.is_object()) {
        fail("the top level is not a mapping");
    }
    Model model;
    model.name = document.value("name", "");
    auto services = document.find("services");
    if (services != document.end() && services->is_object()) {
        for (const auto& [name, object] : services->items()) {
            model.services.push_back(parse_service(name, object));
        }
    }
    std::sort(model.services.begin(), model.services.end(),
              [](const Service& a, const Service& b) { return a.name < b.name; });
    return model;
}

json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        json object = json::object();
        for (const auto& entry : node) {
            object[entry.first.as<std::string>()] = yaml_to_json(entry.second);
        }
        return object;
    }
    case YAML::NodeType::Sequence: {
        json array = json::array();
        for (const auto& item : node) {
            array.push_back(yaml_to_json(item));
        }
        return array;
    }
    case YAML::NodeType::Scalar:
        return node.as<std::string>();
    default:
        return nullptr;
    }
}

} // namespace

bool BuildSection::has_remote_context() const {
    return context.find("://") != std::string::npos || context.starts_with("git@") ||
           context.starts_with("github.com/") || context.starts_with("service:");
}

const Service* Model::find_service(const std::string& name) const {
    for (const auto& service : services) {
        if (service.name == name) {
            return &service;
        }
    }
    return nullptr;
}

std::string unescape_dollars(const std::string& text) {
    std::string result;
    result.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        result.push_back(text[i]);
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
            ++i;
        }
    }
    return result;
}

Model parse_model_json(const std::string& json_text) {
    json document;
    try {
        document = json::parse(json_text);
    } catch (const json::exception& error) {
        fail(std::string("not JSON: ") + error.what());
    }
    return parse_model(document);
}

Model parse_model_yaml(const std::string& yaml_text) {
    try {
        return parse_model(yaml_to_json(YAML::Load(yaml_text)));
    } catch (const YAML::Exception& error) {
        fail(std::string("not YAML: ") + error.what());
    }
}

} // namespace tc::project
