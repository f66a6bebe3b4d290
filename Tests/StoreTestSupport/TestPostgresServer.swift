import Foundation

/// A throwaway PostgreSQL server for the tests (máy chủ PostgreSQL dùng một lần), started by the
/// test process itself the first time a test asks for it and stopped when the process exits.
///
/// `initdb` into a fresh directory under the system temp folder, `pg_ctl start` on a free
/// loopback port with durability off (a test server's data dies with it), Unix socket in the
/// same directory. PostgreSQL refuses to run as root: as root the server runs as the `postgres`
/// user of Debian's package (or a `giamngheo-pg` user created for it), owning the directory.
/// If anything fails, ``shared()`` throws with the server's log — tests using it fail, loudly;
/// nothing is skipped. `./scripts/test` installs Debian `postgresql` when it is missing.
public final class TestPostgresServer: Sendable {
    /// Loopback port.
    public let port: Int
    /// The directory holding the cluster, the socket and the log.
    public let directory: String
    /// The superuser `initdb` made.
    public let superuser = "giamngheo"
    /// Where the server programs are.
    public let binaries: String
    /// The operating-system user running the server (`nil`: the current one).
    let osUser: String?

    /// The server of this process, started on first use.
    public static func shared() throws -> TestPostgresServer {
        try started.get()
    }

    private static let started: Result<TestPostgresServer, any Error> = Result { try TestPostgresServer(standbyOf: nil) }

    /// A server of its own (not the shared one), e.g. a primary a test may stop.
    public static func start() throws -> TestPostgresServer { try TestPostgresServer(standbyOf: nil) }

    /// A hot standby of this server, streaming from it: `pg_basebackup -R` into a new directory,
    /// started on its own port. Requires nothing of the primary but its defaults (`wal_level =
    /// replica`, a replication entry for loopback in pg_hba.conf, which `initdb` writes).
    public func startStandby() throws -> TestPostgresServer { try TestPostgresServer(standbyOf: self) }

    private init(standbyOf primary: TestPostgresServer?) throws {
        binaries = try Self.findBinaries()
        osUser = getuid() == 0 ? try Self.serverUser() : nil
        if primary == nil { Self.removeStaleServers(binaries: binaries) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-pg-\(getpid())-\(UUID().uuidString.prefix(8))").path
        directory = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if let osUser {
            try Self.run("/bin/chown", [osUser, dir])
        }
        let data = dir + "/data"
        if let primary {
            try Self.run(binaries + "/pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", superuser, "-D", data,
                                                       "-R", "-X", "stream", "--checkpoint=fast"], as: osUser)
        } else {
            try Self.run(binaries + "/initdb", ["-D", data, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                         as: osUser)
        }
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try Self.freePort()
            let options = [
                "-p \(port)", "-k \(dir)", "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c synchronous_commit=off",
                "-c full_page_writes=off", "-c max_connections=400", "-c shared_buffers=128MB", "-c wal_level=replica",
                "-c max_wal_senders=10", "-c hot_standby=on", "-c logging_collector=off", "-c log_min_messages=warning",
            ].joined(separator: " ")
            do {
                try Self.run(binaries + "/pg_ctl", ["-D", data, "-l", dir + "/server.log", "-w", "-t", "60", "-o", options, "start"], as: osUser)
                self.port = port
                Self.registerStop(binaries: binaries, data: data, directory: dir, user: osUser)
                return
            } catch {
                lastError = error
            }
        }
        let log = (try? String(contentsOfFile: dir + "/server.log", encoding: .utf8)) ?? ""
        throw TestServerError("PostgreSQL did not start: \(lastError.map { "\($0)" } ?? "?")\n\(log)")
    }

    /// Stops this server now (fast shutdown: connections are closed).
    public func stop() throws {
        try Self.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"], as: osUser)
    }

    /// A URL for `database` as `user` (the superuser by default).
    public func url(database: String, user: String? = nil) -> String {
        "postgres://\(user ?? superuser)@127.0.0.1:\(port)/\(database)?sslmode=disable&pool=4"
    }

    /// Runs SQL with `psql` as the superuser; returns its output (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String? = nil) throws -> String {
        try Self.run(binaries + "/psql", ["-h", "127.0.0.1", "-p", String(port), "-U", user ?? superuser, "-d", database,
                                          "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-c", sql])
    }

    // MARK: Processes

    /// Runs a program and returns its standard output; throws with its output when it fails.
    /// `posix_spawn` and `waitpid`, with the output in temporary files: Foundation's `Process`
    /// left `runuser` unreaped (a zombie) under the test runner and never returned.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], as user: String? = nil, environment: [String: String] = [:]) throws -> String {
        let argv = user.map { ["/usr/sbin/runuser", "-u", $0, "--", program] + arguments } ?? [program] + arguments
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C"
        env["PGCONNECT_TIMEOUT"] = "10"
        for (k, v) in environment { env[k] = v }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-run-\(UUID().uuidString)").path
        let outPath = base + ".out", errPath = base + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard spawned == 0 else { throw TestServerError("cannot run \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0, code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw TestServerError("\(argv.joined(separator: " ")) failed (status \(status)): \(stderr)\(stdout)")
        }
        return stdout
    }

    static func findBinaries() throws -> String {
        let fm = FileManager.default
        if let dirs = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            for version in dirs.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
                let bin = "/usr/lib/postgresql/\(version)/bin"
                if fm.isExecutableFile(atPath: bin + "/initdb") { return bin }
            }
        }
        for path in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where fm.isExecutableFile(atPath: "\(path)/initdb") {
            return String(path)
        }
        throw TestServerError("PostgreSQL server programs (initdb, pg_ctl) not found: install Debian `postgresql` (./scripts/test does)")
    }

    /// The user the server runs as when the tests run as root.
    static func serverUser() throws -> String {
        for name in ["postgres", "giamngheo-pg"] where (try? run("/usr/bin/id", ["-u", name])) != nil { return name }
        try run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "giamngheo-pg"])
        return "giamngheo-pg"
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw TestServerError("bind() failed") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Servers left by test processes that died without stopping them.
    static func removeStaleServers(binaries: String) {
        let tmp = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("giamngheo-pg-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let pid = Int32(parts[2]), pid != getpid(), kill(pid, 0) != 0 else { continue }
            let dir = tmp + "/" + name
            _ = try? run(binaries + "/pg_ctl", ["-D", dir + "/data", "-m", "immediate", "stop"], as: getuid() == 0 ? (try? serverUser()) : nil)
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    // MARK: Stop at exit

    nonisolated(unsafe) private static var stopCommands: [(binaries: String, data: String, directory: String, user: String?)] = []
    private static let stopLock = NSLock()

    static func registerStop(binaries: String, data: String, directory: String, user: String?) {
        stopLock.lock()
        let first = stopCommands.isEmpty
        stopCommands.append((binaries, data, directory, user))
        stopLock.unlock()
        if first { atexit { TestPostgresServer.stopAll() } }
    }

    /// Stops every server this process started and removes their directories.
    public static func stopAll() {
        stopLock.lock()
        let all = stopCommands
        stopCommands = []
        stopLock.unlock()
        for s in all {
            _ = try? run(s.binaries + "/pg_ctl", ["-D", s.data, "-m", "immediate", "-w", "stop"], as: s.user)
            try? FileManager.default.removeItem(atPath: s.directory)
        }
    }

}

/// The test server could not be started or used.
public struct TestServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
