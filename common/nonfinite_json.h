// JSON has no NaN or infinity (nlohmann::json writes them as null, which reads back as "missing").
// fot-eval writes them as the strings "NaN", "Infinity" and "-Infinity" (the names Python's json
// module and JavaScript use) and reads those strings back as the values, so a metric that is NaN
// stays NaN from samples.jsonl through the results. CSV and Markdown cells use the same words.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace fot {

// A finite value as a JSON number; NaN and infinities as their strings.
nlohmann::json number_json(double value);

// A JSON number, or one of the three strings, as a double; anything else is empty.
std::optional<double> json_number(const nlohmann::json& value);

// `document` with every non-finite floating-point value replaced by its string, at any depth.
nlohmann::json with_nonfinite_as_text(nlohmann::json document);

// "NaN", "Infinity", "-Infinity"; "" for a finite value.
std::string nonfinite_name(double value);

}  // namespace fot
