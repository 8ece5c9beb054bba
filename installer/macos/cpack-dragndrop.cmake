# NOT BUILT OR TESTED HERE (no Mac in CI): a starting point, see installer/README.md.
# A disk image holding Switchboard.app, included by installer/packaging.cmake on macOS. The tray
# target must be a bundle for this to work; app/tray/CMakeLists.txt would set:
#   set_target_properties(switchboard PROPERTIES MACOSX_BUNDLE ON
#     MACOSX_BUNDLE_INFO_PLIST "${PROJECT_SOURCE_DIR}/installer/macos/Info.plist.in")
#   install(TARGETS switchboard BUNDLE DESTINATION . COMPONENT tray)
# and macdeployqt must copy the Qt frameworks into the bundle (and sign it) before packaging.
set(CPACK_GENERATOR DragNDrop)
set(CPACK_DMG_VOLUME_NAME "Switchboard")
set(CPACK_DMG_FORMAT UDZO)
# One image with the app; the headless server is for Linux machines and NAS boxes.
set(CPACK_COMPONENTS_ALL tray)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
