# Installs the headers, the libraries, the promo command, a CMake package
# (find_package(promo) -> promo::promo, promo::json) and pkg-config files.
include(CMakePackageConfigHelpers)

set(PROMO_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/promo")

set(_promo_install_targets promo)
if(PROMO_BUILD_JSON)
  list(APPEND _promo_install_targets promo_json)
endif()
if(PROMO_BUILD_PG)
  list(APPEND _promo_install_targets promo_pg)
endif()

install(TARGETS ${_promo_install_targets}
  EXPORT promoTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

if(PROMO_BUILD_JSON)
  install(TARGETS promo_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/promo"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
if(NOT PROMO_BUILD_JSON)
  install(CODE "file(REMOVE \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_INCLUDEDIR}/promo/json.h\")")
endif()
if(PROMO_BUILD_PG)
  # The schema, for operators who apply it themselves (psql -f).
  install(FILES "${PROJECT_SOURCE_DIR}/src/pg/schema-1.sql"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/promo/pg)
else()
  install(CODE "file(REMOVE \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_INCLUDEDIR}/promo/pg.h\")")
endif()

install(EXPORT promoTargets
  NAMESPACE promo::
  DESTINATION ${PROMO_INSTALL_CMAKEDIR})

set(PROMO_CONFIG_BUILD_JSON ${PROMO_BUILD_JSON})
set(PROMO_CONFIG_BUILD_PG ${PROMO_BUILD_PG})
set(PROMO_CONFIG_SHARED ${BUILD_SHARED_LIBS})
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/promoConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/promoConfig.cmake"
  INSTALL_DESTINATION ${PROMO_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/promoConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/promoConfig.cmake"
  "${PROJECT_BINARY_DIR}/promoConfigVersion.cmake"
  DESTINATION ${PROMO_INSTALL_CMAKEDIR})

# pkg-config: ICU (and jansson) are private dependencies, needed only when
# linking statically (pkg-config --static). The prefix is found from where
# the .pc file lies, so `cmake --install --prefix DIR` (or copying the tree)
# gives a working file; an absolute libdir keeps the configured prefix.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PROMO_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _promo_pc_up "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
  string(REGEX REPLACE "/$" "" _promo_pc_up "${_promo_pc_up}")
  set(PROMO_PC_PREFIX "\${pcfiledir}/${_promo_pc_up}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/promo.pc.in"
  "${PROJECT_BINARY_DIR}/promo.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/promo.pc"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(PROMO_BUILD_JSON)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/promo-json.pc.in"
    "${PROJECT_BINARY_DIR}/promo-json.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/promo-json.pc"
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
if(PROMO_BUILD_PG)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/promo-pg.pc.in"
    "${PROJECT_BINARY_DIR}/promo-pg.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/promo-pg.pc"
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
