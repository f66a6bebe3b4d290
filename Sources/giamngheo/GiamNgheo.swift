import ArgumentParser

/// The `giamngheo` command line: classify households, compare standards, measure poverty,
/// generate synthetic registries.
@main
struct GiamNgheo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "giamngheo",
        abstract: "GiamNgheo — quản lý hộ nghèo, hộ cận nghèo theo chuẩn nghèo đa chiều.",
        discussion: """
            Ví dụ:
              giamngheo import --db giamngheo.db Examples/households.csv Examples/members.csv
              giamngheo search --db giamngheo.db nguyen van
              giamngheo classify --households Examples/households.csv --members Examples/members.csv
              giamngheo whatif --households H.csv --members M.csv --from ND07-2022 --to ND351-2027 --year 2026
              giamngheo mpi --households H.csv --members M.csv --by province
              giamngheo generate --households 100000 --seed 1 --year 2026 --out data/
              giamngheo review campaign create --db giamngheo.db --year 2026 --as PRV:42
            """,
        subcommands: [
            ImportCommand.self, ExportCommand.self, DecryptCommand.self, SearchCommand.self, HistoryCommand.self, TransitionsCommand.self,
            UnitsCommand.self, AuditCommand.self, ServeCommand.self, UsersCommand.self, BackupCommand.self, RestoreCommand.self, ReviewCommand.self,
            ClassifyCommand.self, WhatIfCommand.self, MPICommand.self, GenerateCommand.self, StandardsCommand.self, RollupsCommand.self,
        ]
    )
}
