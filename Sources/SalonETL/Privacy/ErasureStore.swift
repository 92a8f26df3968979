import SalonCore
import SalonStore

/// The CRM database `salon-etl forget` erases from: the SQLite file or a PostgreSQL server, each
/// with its own erasure (`CustomerErasure`, `PostgresCustomerErasure`) and the same rules.
enum ErasureStore {
    /// `shown` names the database in messages (a PostgreSQL URL without its password).
    case sqlite(CRMDatabase, shown: String)
    case postgres(PostgresCRMDatabase, shown: String)

    /// What identifies a customer and how to erase them, whichever the database.
    struct Prepared {
        var tokens: ErasureTokens
        var sourceRecords: Set<SourceRecordKey>
        var erase: () throws -> [ErasureCount]
    }

    var shown: String {
        switch self {
        case .sqlite(_, let shown), .postgres(_, let shown): shown
        }
    }

    var target: any CRMTarget {
        switch self {
        case .sqlite(let database, _): database
        case .postgres(let database, _): database
        }
    }

    func customers(withPhone e164: String) throws -> [Int64] {
        switch self {
        case .sqlite(let database, _): try CustomerErasure.customers(withPhone: e164, in: database.connection)
        case .postgres(let database, _): try PostgresCustomerErasure.customers(withPhone: e164, in: database)
        }
    }

    /// Nil when there is no customer with that id.
    func erasure(of id: Int64) throws -> Prepared? {
        switch self {
        case .sqlite(let database, _):
            guard let erasure = try CustomerErasure(connection: database.connection, customerID: id) else { return nil }
            return Prepared(tokens: erasure.tokens, sourceRecords: erasure.sourceRecords, erase: erasure.erase)
        case .postgres(let database, _):
            guard let erasure = try PostgresCustomerErasure(database: database, customerID: id) else { return nil }
            return Prepared(tokens: erasure.tokens, sourceRecords: erasure.sourceRecords, erase: erasure.erase)
        }
    }
}
