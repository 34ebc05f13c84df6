# Every dependency is a Debian package (scripts/install-deps.sh installs them); nothing is downloaded.
find_package(PkgConfig REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CURL 7.88 REQUIRED)
find_package(LibArchive 3.6 REQUIRED)
pkg_check_modules(LIBARCHIVE_PC REQUIRED libarchive>=3.6)
find_package(Threads REQUIRED)
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)

# kainjow mustache is header-only and ships no CMake config.
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(mustache INTERFACE)
target_include_directories(mustache SYSTEM INTERFACE ${MUSTACHE_INCLUDE_DIR})

# libarchive is linked statically: cococtl reads only tar, gzip and zstd, and from the static
# archive the linker takes just those parts, where the shared library would load libxml2, ICU,
# nettle, lzma, lz4, bz2 and acl at every start of every command (1.3 MB of resident memory).
# Its own dependencies are listed in full (the tests' tar writer needs them all); --as-needed
# (CMakeLists.txt) keeps the ones cococtl never calls out of the binary.
find_library(LIBARCHIVE_STATIC NAMES libarchive.a REQUIRED)
list(REMOVE_ITEM LIBARCHIVE_PC_STATIC_LIBRARIES archive)
add_library(archive_static INTERFACE)
target_include_directories(archive_static SYSTEM INTERFACE ${LibArchive_INCLUDE_DIRS})
target_link_libraries(archive_static INTERFACE ${LIBARCHIVE_STATIC} ${LIBARCHIVE_PC_STATIC_LIBRARIES})
