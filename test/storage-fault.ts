// A real storage fault for tests of the layers above the store: a trigger, written through a second
// connection to the same SQLite file, refuses the rows it matches until it is lifted.
import Database from 'better-sqlite3';

export interface StorageFault {
  /** Refuses every new row of `table` whose `column` is LIKE `pattern` ("disk says no"). */
  refuse(table: string, column: string, pattern: string): void;
  lift(): void;
  close(): void;
}

export function storageFault(file: string): StorageFault {
  const raw = new Database(file);
  return {
    refuse(table, column, pattern) {
      raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON ${table} WHEN new.${column} LIKE '${pattern.replace(/'/g, "''")}' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    },
    lift() {
      raw.exec('DROP TRIGGER refuse');
    },
    close() {
      raw.close();
    },
  };
}
