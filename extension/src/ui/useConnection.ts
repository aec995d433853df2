/** The stored server connection, live: undefined while loading, null when not connected. */
import { useEffect, useState } from 'preact/hooks';
import type { Connection } from '../shared/connection';
import { loadConnection, onConnectionChanged } from '../shared/settings';

export function useConnection(): [Connection | null | undefined, (connection: Connection | null) => void] {
  const [connection, setConnection] = useState<Connection | null | undefined>(undefined);
  useEffect(() => {
    void loadConnection().then(setConnection);
    return onConnectionChanged(setConnection);
  }, []);
  return [connection, setConnection];
}
