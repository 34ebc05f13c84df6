#pragma once
// Shared by the simulated OLM catalog operator and OLM operator.

#include "sim/controllers/controller.hpp"

#include <optional>
#include <string>

namespace cococtl::sim::olm {

inline constexpr const char* k_v1alpha1 = "operators.coreos.com/v1alpha1";
inline constexpr const char* k_v1 = "operators.coreos.com/v1";

struct CsvInCatalog {
  const Package* package = nullptr;
  const Channel* channel = nullptr;
  std::size_t index = 0;  // position in the channel (0 = oldest)
};

// Where `csv` sits in the catalog (first channel that lists it).
std::optional<CsvInCatalog> locate_csv(const std::vector<Package>& catalog, const std::string& csv);

// The label OLM puts on subscriptions, CSVs and install plans: operators.coreos.com/<pkg>.<ns>.
std::string package_label(const std::string& package, const std::string& ns);

// The ClusterServiceVersion object OLM creates for `csv` in `ns`.
json csv_object(const CsvInCatalog& where, const std::string& ns);

// A deterministic 5-character suffix (the style of generated names) for `seed`.
std::string name_suffix(const std::string& seed);

}  // namespace cococtl::sim::olm
