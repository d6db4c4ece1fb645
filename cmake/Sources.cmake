# The source files of each layer library, shared by the main build and fuzz/CMakeLists.txt.
# A layer is one folder; scripts/check-layers.py checks that its files include only the layers
# it may use (the same ones it links below and in CMakeLists.txt).
set(TENANTSIM_ROOT ${CMAKE_CURRENT_LIST_DIR}/..)

# Data files compiled into the binary (embed_files, cmake/EmbedFiles.cmake), relative to the root.
set(TENANTSIM_EMBEDDED_FILES
    simulator/simulation/catalog/entra_activities.tsv
    simulator/simulation/catalog/intune_activities.tsv
    scenarios/scenario.schema.json
    ui/dashboard.html
    ui/dashboard.css
    ui/dashboard.js)

function(tenantsim_sources var)
  set(files "")
  foreach(folder ${ARGN})
    file(GLOB found CONFIGURE_DEPENDS ${TENANTSIM_ROOT}/${folder}/*.cc)
    list(APPEND files ${found})
  endforeach()
  set(${var} ${files} PARENT_SCOPE)
endfunction()

tenantsim_sources(TENANTSIM_BASE_SOURCES base)
tenantsim_sources(TENANTSIM_SCENARIO_SOURCES simulator/scenario)
tenantsim_sources(TENANTSIM_SIMULATION_SOURCES simulator/simulation simulator/simulation/workloads
                  simulator/simulation/world)
tenantsim_sources(TENANTSIM_GRAPH_SOURCES simulator/graph)
tenantsim_sources(TENANTSIM_EXPORT_SOURCES simulator/export)
tenantsim_sources(TENANTSIM_ODATA_SOURCES mockserver/odata)
tenantsim_sources(TENANTSIM_AUTH_SOURCES mockserver/auth)
tenantsim_sources(TENANTSIM_HTTP_SOURCES mockserver/http)
tenantsim_sources(TENANTSIM_STAGES_SOURCES mockserver/stages)
tenantsim_sources(TENANTSIM_ROUTES_SOURCES mockserver/routes)
tenantsim_sources(TENANTSIM_SERVER_SOURCES mockserver/server)
tenantsim_sources(TENANTSIM_PROXY_SOURCES mockserver/proxy)
tenantsim_sources(TENANTSIM_BUDGET_REDIS_SOURCES mockserver/budget_redis)
tenantsim_sources(TENANTSIM_APP_SOURCES app)
