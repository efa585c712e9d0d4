# Every third-party dependency is found here, once, so each target only names what it links.
find_package(Torch REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
# ICU (libicu-dev): Unicode categories and case mapping for CLIP's tokenizer.
find_package(ICU 60 REQUIRED COMPONENTS uc)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core)
if(SOUNDFRAME_BUILD_GUI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Multimedia LinguistTools PrintSupport)  # PrintSupport: QCustomPlot
  # The Qt 6 build of QCustomPlot; plain `QCustomPlot` is Debian's Qt 5 build.
  find_package(QCustomPlotQt6 REQUIRED)
endif()
if(SOUNDFRAME_BUILD_TESTS)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Test)
endif()

find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat libavcodec libavutil libswscale libswresample)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
