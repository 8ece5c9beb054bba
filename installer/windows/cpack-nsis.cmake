# NOT BUILT OR TESTED HERE (no Windows machine in CI): a starting point, see installer/README.md.
# CPack NSIS installer for the tray app and the server, included by installer/packaging.cmake on
# Windows. windeployqt must copy the Qt DLLs next to the executables before packaging, e.g.
#   windeployqt --dir <build>/deploy <build>/app/tray/switchboard.exe
#   install(DIRECTORY <build>/deploy/ DESTINATION bin COMPONENT tray)
set(CPACK_GENERATOR NSIS)
set(CPACK_NSIS_PACKAGE_NAME "Switchboard")
set(CPACK_NSIS_DISPLAY_NAME "Switchboard ${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Switchboard")
set(CPACK_NSIS_URL_INFO_ABOUT "${SWITCHBOARD_PACKAGE_HOMEPAGE}")
set(CPACK_NSIS_CONTACT "${SWITCHBOARD_PACKAGE_MAINTAINER}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH OFF)
# Start-menu entry for the tray app; the server is started by the user or a service wrapper.
set(CPACK_PACKAGE_EXECUTABLES "switchboard" "Switchboard")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\switchboard.exe")
# NSIS wants an .ico; convert resources/icons/switchboard.svg once and commit it as
# installer/windows/switchboard.ico before enabling these:
#set(CPACK_NSIS_MUI_ICON "${CMAKE_CURRENT_LIST_DIR}/switchboard.ico")
#set(CPACK_NSIS_MUI_UNIICON "${CMAKE_CURRENT_LIST_DIR}/switchboard.ico")
set(CPACK_NSIS_COMPONENT_INSTALL ON)
set(CPACK_COMPONENT_TRAY_DISPLAY_NAME "Switchboard (tray app)")
set(CPACK_COMPONENT_SERVER_DISPLAY_NAME "switchboard-server (headless relay)")
