#pragma once
// A relay holds one descriptor per connection; the usual soft limit (1024 for a service) would
// refuse the 1,025th. The hard limit is what the administrator allows, so the soft one is raised
// to it at start.
namespace FileDescriptorLimit {

// Raises the soft limit to the hard one; returns the limit now in force (-1 if unknown).
long raiseToHardLimit();

} // namespace FileDescriptorLimit
