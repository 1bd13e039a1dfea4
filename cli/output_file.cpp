#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "cli/cli_support.h"

namespace fs = std::filesystem;

namespace camtrace::cli {
namespace {

struct Identity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const Identity&) const = default;
};

std::optional<Identity> identityOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return Identity{st.st_dev, st.st_ino};
}

bool isStdout(const std::string& path) {
  return path.empty() || path == "-";
}

std::string folderOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string systemError(int error) {
  return std::strerror(error);
}

// A descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// A temporary file in `folder`: unnamed (O_TMPFILE) where the file system allows it, so that nothing is
// left if camtrace is killed before the rename; else a new name made by mkstemp, which never opens an
// existing file.
struct Temporary {
  int fd = -1;
  std::string name;  // empty while unnamed
};

Temporary createTemporary(const std::string& folder, const std::string& base) {
  Temporary t;
  t.fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (t.fd >= 0) return t;
  std::string pattern = (fs::path(folder) / ("." + base + ".XXXXXX")).string();
  t.fd = ::mkstemp(pattern.data());
  if (t.fd < 0) return t;
  t.name = pattern;
  // mkstemp makes 0600; an output is read by others as any file the user writes would be.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(t.fd, 0666 & ~mask);
  return t;
}

bool writeAll(int fd, const std::string& text, int& error) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

// A named temporary of an earlier camtrace that was killed in the moment between naming it and renaming it
// over `base` (nothing can replace a file with an unnamed one in one step): ".<base>.<pid>.<n>.partial",
// a regular file of this user, whose process is gone. Removed before the next write of the same output, so
// such a leftover does not outlive the next run.
void removeStaleTemporaries(const std::string& folder, const std::string& base) {
  const std::string prefix = "." + base + ".", suffix = ".partial";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    const size_t dot = middle.find('.');
    if (dot == 0 || dot == std::string::npos || dot + 1 == middle.size() ||
        middle.find_first_not_of("0123456789.") != std::string::npos ||
        middle.find('.', dot + 1) != std::string::npos || dot > 9)
      continue;
    const pid_t pid = static_cast<pid_t>(std::stol(middle.substr(0, dot)));
    if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    ::unlink(entry.path().c_str());
  }
}

// Gives an unnamed temporary a name in `folder` (linkat through /proc), unique like mkstemp's.
bool nameTemporary(Temporary& t, const std::string& folder, const std::string& base, int& error) {
  static std::atomic<unsigned> counter{0};
  const std::string self = "/proc/self/fd/" + std::to_string(t.fd);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string name = (fs::path(folder) / ("." + base + "." + std::to_string(::getpid()) + "." +
                                                  std::to_string(counter++) + ".partial"))
                                 .string();
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      t.name = name;
      return true;
    }
    if (errno != EEXIST) break;
  }
  error = errno;
  return false;
}

void writeInPlace(const std::string& path, const std::string& text) {
  // A device, FIFO or socket (/dev/null, /dev/stdout, a pipe): renaming a file over it would replace the
  // device itself (seen: `-o /dev/null` run as root did).
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) throw std::runtime_error(path + ": cannot write output: " + systemError(errno));
  int error = 0;
  if (!writeAll(fd.get(), text, error))
    throw std::runtime_error(path + ": cannot write output: " + systemError(error));
}

void checkFolderWritable(const OutputPath& output) {
  const std::string folder = folderOf(output.path);
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw UsageError(output.option + " " + output.path + ": output folder " + folder + " does not exist");
  Temporary probe = createTemporary(folder, fs::path(output.path).filename().string());
  if (probe.fd < 0) {
    throw UsageError(output.option + " " + output.path + ": cannot write in " + folder + ": " +
                     systemError(errno));
  }
  ::close(probe.fd);
  if (!probe.name.empty()) ::unlink(probe.name.c_str());
}

// An input as the output checks see it: where it lies, what it is, and for a folder everything in it.
struct InputPlace {
  std::string written;
  fs::path canonical;
  bool folder = false;
};

std::vector<InputPlace> placesOf(const std::vector<std::string>& inputs,
                                 std::vector<std::pair<Identity, std::string>>& identities) {
  std::vector<InputPlace> places;
  for (const auto& input : inputs) {
    if (isStdout(input)) continue;
    std::error_code ec;
    InputPlace place{input, fs::weakly_canonical(fs::absolute(input, ec), ec), fs::is_directory(input, ec)};
    if (auto id = identityOf(input)) identities.emplace_back(*id, input);
    if (place.folder) {
      for (const auto& entry :
           fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec)) {
        if (auto id = identityOf(entry.path().string())) identities.emplace_back(*id, entry.path().string());
      }
    }
    places.push_back(std::move(place));
  }
  return places;
}

// The folders that hold the evidence files (a folder given as an input is a place of its own already).
std::vector<InputPlace> holdingFolders(const std::vector<std::string>& evidence) {
  std::vector<InputPlace> folders;
  std::set<fs::path> seen;
  for (const auto& file : evidence) {
    if (isStdout(file)) continue;
    std::error_code ec;
    if (fs::is_directory(file, ec)) continue;
    const fs::path folder = fs::weakly_canonical(fs::absolute(file, ec), ec).parent_path();
    if (folder.empty() || !seen.insert(folder).second) continue;
    folders.push_back({folder.string() + " (it holds " + file + ")", folder, true});
  }
  return folders;
}

}  // namespace

void checkOutputs(const std::vector<OutputPath>& outputs, const std::vector<std::string>& inputs,
                  const std::vector<std::string>& evidence) {
  std::vector<std::pair<Identity, std::string>> identities;
  std::vector<InputPlace> places = placesOf(inputs, identities);
  for (auto& folder : holdingFolders(evidence)) places.push_back(std::move(folder));
  std::vector<std::pair<const OutputPath*, fs::path>> seen;
  for (const auto& output : outputs) {
    if (isStdout(output.path)) continue;
    const std::string named = output.option + " " + output.path;
    std::error_code ec;
    if (fs::is_directory(output.path, ec)) throw UsageError(named + ": is a folder; give a file name");
    const fs::path out = fs::weakly_canonical(fs::absolute(output.path, ec), ec);
    const auto id = identityOf(output.path);
    for (const auto& place : places) {
      if (out == place.canonical)
        throw UsageError(named + ": refusing to overwrite an input (" + place.written + ")");
      if (place.folder) {
        const fs::path rel = out.lexically_relative(place.canonical);
        if (!rel.empty() && *rel.begin() != "..")
          throw UsageError(named + ": refusing to write inside evidence folder " + place.written);
      }
    }
    if (id) {
      for (const auto& [inputId, name] : identities) {
        if (*id == inputId) {
          std::string message = named + ": is the same file as the input ";
          message += name;
          throw UsageError(message + " (a link to it); refusing to overwrite it");
        }
      }
    }
    for (const auto& [other, path] : seen) {
      const bool same = path == out || (id && identityOf(other->path) == id);
      if (same)
        throw UsageError(named + ": the same file as " + other->option + " " + other->path +
                         "; give each output its own path");
    }
    seen.emplace_back(&output, out);
    if (id) {
      struct stat st {};
      if (::stat(output.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        continue;  // a device or pipe: written in place
    }
    checkFolderWritable(output);
  }
}

void writeOutput(const std::string& path, const std::string& text) {
  if (isStdout(path)) {
    std::cout << text;
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to standard output: " + systemError(errno));
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return writeInPlace(path, text);
  const std::string folder = folderOf(path), base = fs::path(path).filename().string();
  removeStaleTemporaries(folder, base);
  Temporary t = createTemporary(folder, base);
  if (t.fd < 0) throw std::runtime_error(path + ": cannot write output: " + systemError(errno));
  Fd fd(t.fd);
  int error = 0;
  auto fail = [&](const std::string& what) {
    if (!t.name.empty()) ::unlink(t.name.c_str());
    throw std::runtime_error(path + ": cannot write output: " + what + systemError(error));
  };
  if (!writeAll(fd.get(), text, error)) fail("");
  if (::fsync(fd.get()) != 0) {
    error = errno;
    fail("fsync: ");
  }
  if (t.name.empty() && !nameTemporary(t, folder, base, error)) fail("naming the temporary file: ");
  if (::rename(t.name.c_str(), path.c_str()) != 0) {
    error = errno;
    fail("");
  }
  // The rename itself is made durable with the folder.
  Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
}

}  // namespace camtrace::cli
