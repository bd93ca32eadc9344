import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The files this process has read, by device and inode, so that an output
/// never replaces an input however it is spelt (a relative path, a symlink,
/// a hard link).
package enum InputFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var identities = Set<FileIdentity>()

    /// Device, inode and change time: the change time tells a file apart from a later
    /// one that reuses the inode of a deleted input.
    struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
        let changed: Int
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            changed = Int(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int(info.st_ctim.tv_nsec)
        }
    }

    static func register(_ info: stat) {
        lock.lock()
        defer { lock.unlock() }
        identities.insert(FileIdentity(info))
    }

    /// Records a file read by other means (a plan read whole, for instance).
    package static func register(path: String) {
        var info = stat()
        if stat(path, &info) == 0 { register(info) }
    }

    static func contains(_ info: stat) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return identities.contains(FileIdentity(info))
    }
}

/// Writes a command's output safely (issue 8): `-` is standard output; an
/// existing regular file, or the regular file a symlink points to, is written
/// through (its inode, links and permissions kept); a new file is created; an
/// input of this run, a folder, a pipe or a device is refused.
public enum OutputFile {
    /// - Parameters:
    ///   - text: the whole output, already rendered (so a refused write loses nothing).
    ///   - path: the output path, or `-` for standard output.
    ///   - inputs: other paths named on the command line; an output that is one of them is refused.
    /// - Throws: `DataIOError.cannotWrite` with the reason.
    public static func write(_ text: String, to path: String, inputs: [String] = []) throws(DataIOError) {
        // The text's own UTF-8 storage is written: no copy of a large output (issue 14).
        var text = text
        var failure: DataIOError?
        text.withUTF8 { buffer in
            do throws(DataIOError) { try write(UnsafeRawBufferPointer(buffer), to: path, inputs: inputs) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public static func write(_ bytes: [UInt8], to path: String, inputs: [String] = []) throws(DataIOError) {
        var failure: DataIOError?
        bytes.withUnsafeBytes { raw in
            do throws(DataIOError) { try write(raw, to: path, inputs: inputs) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    static func write(_ raw: UnsafeRawBufferPointer, to path: String, inputs: [String]) throws(DataIOError) {
        if path == "-" {
            if let failure = writeAll(STDOUT_FILENO, raw) { throw .cannotWrite(file: "standard output", reason: failure) }
            return
        }
        guard !path.isEmpty else { throw .cannotWrite(file: path, reason: "the output name is empty") }
        var info = stat()
        let exists = stat(path, &info) == 0  // follows symlinks: the file that would be written
        if !exists {
            var link = stat()
            if lstat(path, &link) == 0 {
                throw .cannotWrite(file: path, reason: "it is a symbolic link to a file that does not exist")
            }
        }
        if exists {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw .cannotWrite(file: path, reason: "it is a folder; name a file inside it")
            default: throw .cannotWrite(file: path, reason: "it is not a regular file (a pipe, device or socket); name a file, or - for standard output")
            }
            let identity = (UInt64(info.st_dev), UInt64(info.st_ino))
            var isInput = InputFiles.contains(info)
            for other in inputs where !isInput {
                var o = stat()
                if stat(other, &o) == 0, UInt64(o.st_dev) == identity.0, UInt64(o.st_ino) == identity.1 { isInput = true }
            }
            if isInput { throw .cannotWrite(file: path, reason: "it is an input of this command; name another file") }
        }
        // Existing files are written through (O_TRUNC keeps the inode a symlink or hard link points to);
        // new ones are created exclusively, so a file that appears meanwhile is not clobbered.
        let flags = exists ? (O_WRONLY | O_TRUNC | O_NONBLOCK) : (O_WRONLY | O_CREAT | O_EXCL)
        let fd = open(path, flags, 0o666)
        guard fd >= 0 else { throw .cannotWrite(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var after = stat()
        if fstat(fd, &after) == 0, (after.st_mode & S_IFMT) != S_IFREG {
            throw .cannotWrite(file: path, reason: "it is not a regular file")
        }
        if let failure = writeAll(fd, raw) { throw .cannotWrite(file: path, reason: failure) }
    }

    /// Writes every byte (retrying interrupted and partial writes); the reason of a failure.
    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> String? {
        guard let base = raw.baseAddress else { return nil }
        var written = 0
        while written < raw.count {
            let n = Glibc.write(fd, base + written, raw.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                // A pipe whose reader went away (head, less): stop quietly, as command-line tools do.
                if errno == EPIPE { return nil }
                return String(cString: strerror(errno))
            }
            written += n
        }
        return nil
    }
}
