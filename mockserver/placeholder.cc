// Placeholder until the HTTP server lands.
namespace tenantsim::mock {}
