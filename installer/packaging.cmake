# Packages from one build (docs/packaging.md). On Linux, CPack's DEB generator writes one package
# per install component:
#   switchboard-server  component "server": the headless relay, its systemd unit, environment
#                       and INI files (no Qt Widgets: its Depends come from the binary alone)
#   switchboard         component "tray": the tray app, its .desktop file, AppStream metainfo
#                       and icon (only when SWITCHBOARD_GUI is on)
# Build them with `cmake --build <dir> --target package` or `cpack` in the build directory.
# Windows (NSIS) and macOS (DragNDrop) settings live in installer/windows and installer/macos and
# have never been built here (see installer/README.md).

set(_sb_installer "${CMAKE_CURRENT_LIST_DIR}")
set(_sb_staging "${CMAKE_BINARY_DIR}/installer")
set(SWITCHBOARD_PACKAGE_MAINTAINER "Switchboard maintainers <maintainers@switchboard.example.org>")
set(SWITCHBOARD_PACKAGE_HOMEPAGE "https://switchboard.example.org/")
set(SWITCHBOARD_PACKAGE_RELEASE 1)

set(_sb_components server)
if(SWITCHBOARD_GUI)
  list(APPEND _sb_components tray)
endif()

# --- the server package -----------------------------------------------------------------------
# The binary itself is installed by app/CMakeLists.txt (COMPONENT server).
install(FILES "${_sb_installer}/debian/switchboard-server.service"
        DESTINATION /lib/systemd/system COMPONENT server)
install(FILES "${_sb_installer}/debian/switchboard-server.default"
        DESTINATION /etc/default RENAME switchboard-server COMPONENT server)
install(FILES "${_sb_installer}/debian/switchboard-server.ini"
        DESTINATION /etc/switchboard COMPONENT server)
install(FILES "${_sb_installer}/debian/README.Debian"
        DESTINATION share/doc/switchboard-server COMPONENT server)

# --- the tray package -------------------------------------------------------------------------
if(SWITCHBOARD_GUI)
  # app/tray installs the binary without naming a component; name it again here so the tray
  # package gets it (CPACK_COMPONENTS_ALL below leaves the unnamed component out).
  install(TARGETS switchboard RUNTIME DESTINATION bin COMPONENT tray)
  install(FILES "${_sb_installer}/linux/switchboard.desktop"
          DESTINATION share/applications COMPONENT tray)
  configure_file("${_sb_installer}/linux/org.example.Switchboard.metainfo.xml.in"
                 "${_sb_staging}/org.example.Switchboard.metainfo.xml" @ONLY)
  install(FILES "${_sb_staging}/org.example.Switchboard.metainfo.xml"
          DESTINATION share/metainfo COMPONENT tray)
  # One scalable icon: the desktop file's Icon=switchboard finds it in hicolor at any size.
  install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/switchboard.svg"
          DESTINATION share/icons/hicolor/scalable/apps COMPONENT tray)
endif()

# --- what Debian wants in every package: copyright and changelog.Debian.gz --------------------
# The changelog is compressed at configure time with -n, so the package is reproducible.
file(WRITE "${_sb_staging}/changelog.Debian"
  "switchboard (${PROJECT_VERSION}-${SWITCHBOARD_PACKAGE_RELEASE}) unstable; urgency=medium\n\n"
  "  * Packaged with CPack from the upstream build; see docs/packaging.md.\n\n"
  " -- ${SWITCHBOARD_PACKAGE_MAINTAINER}  Sun, 22 Nov 2026 00:00:00 +0000\n")
execute_process(COMMAND gzip -9nc "${_sb_staging}/changelog.Debian"
                OUTPUT_FILE "${_sb_staging}/changelog.Debian.gz" COMMAND_ERROR_IS_FATAL ANY)
set(_sb_package_server switchboard-server)
set(_sb_package_tray switchboard)
foreach(component IN LISTS _sb_components)
  set(package ${_sb_package_${component}})
  install(FILES "${_sb_installer}/debian/copyright" "${_sb_staging}/changelog.Debian.gz"
          DESTINATION share/doc/${package} COMPONENT ${component})
  # A short page per binary (signals, files, exit codes); --help stays the option reference.
  execute_process(COMMAND gzip -9nc "${_sb_installer}/man/${package}.1"
                  OUTPUT_FILE "${_sb_staging}/${package}.1.gz" COMMAND_ERROR_IS_FATAL ANY)
  install(FILES "${_sb_staging}/${package}.1.gz" DESTINATION share/man/man1 COMPONENT ${component})
  # Compressed at configure time: re-run it when a page changes.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_sb_installer}/man/${package}.1")
endforeach()

# --- CPack --------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME switchboard)
set(CPACK_PACKAGE_VENDOR "The Switchboard developers")
set(CPACK_PACKAGE_CONTACT "${SWITCHBOARD_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
# CPackDeb puts any summary other than CPack's own default before each component's synopsis
# (the first line of CPACK_DEBIAN_<COMPONENT>_DESCRIPTION); the default keeps it out.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_HOMEPAGE_URL "${SWITCHBOARD_PACKAGE_HOMEPAGE}")
set(CPACK_COMPONENTS_ALL ${_sb_components})
set(CPACK_STRIP_FILES ON) # lintian: unstripped-binary-or-object is an error
set(CPACK_OUTPUT_FILE_PREFIX "${CMAKE_BINARY_DIR}/packages")

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # name_version-release_arch.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE ${SWITCHBOARD_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SOURCE switchboard)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SWITCHBOARD_PACKAGE_HOMEPAGE}")
# Depends computed by dpkg-shlibdeps from the libraries each binary links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME switchboard-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS adduser) # postinst makes the system user
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${_sb_installer}/debian/server/postinst" "${_sb_installer}/debian/server/prerm"
    "${_sb_installer}/debian/server/postrm" "${_sb_installer}/debian/server/conffiles")
set(CPACK_DEBIAN_SERVER_DESCRIPTION "personal relay speaking five relay protocols (headless)
Switchboard lets devices that cannot reach each other directly meet through a
relay at home or on a NAS. It speaks the wire protocols of five existing relay
servers (Socket.IO tunnel, localfirst, p2p-copy pairing, mesh and libp2p
circuit relay), so their unmodified clients work against it, on one port.
.
This package holds the headless server and a hardened systemd unit.")

set(CPACK_DEBIAN_TRAY_PACKAGE_NAME switchboard)
set(CPACK_DEBIAN_TRAY_PACKAGE_SECTION net)
# Plugins dpkg-shlibdeps cannot see: the SVG icon engine draws the tray and window icons; the
# Wayland platform plugin is optional (X11's ships in libqt6gui6).
set(CPACK_DEBIAN_TRAY_PACKAGE_DEPENDS libqt6svg6)
set(CPACK_DEBIAN_TRAY_PACKAGE_RECOMMENDS qt6-wayland)
set(CPACK_DEBIAN_TRAY_DESCRIPTION "personal relay speaking five relay protocols (tray app)
Switchboard lets devices that cannot reach each other directly meet through a
relay on this computer. It speaks the wire protocols of five existing relay
servers (Socket.IO tunnel, localfirst, p2p-copy pairing, mesh and libp2p
circuit relay), so their unmodified clients work against it, on one port.
.
This package holds the desktop application with its tray icon.")

if(WIN32)
  include("${_sb_installer}/windows/cpack-nsis.cmake")
elseif(APPLE)
  include("${_sb_installer}/macos/cpack-dragndrop.cmake")
else()
  set(CPACK_GENERATOR DEB)
endif()
include(CPack)
