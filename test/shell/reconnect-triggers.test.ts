import { describe, expect, it } from 'vitest';
import { setupReconnectTriggers } from '../../main/shell/reconnect-triggers.ts';
import { asPowerMonitor, FakeNet, FakePowerMonitor } from './fakes.ts';

describe('reconnect triggers', () => {
  it('reconnects on resume, on unlock, and when the network comes back; not while it stays down', () => {
    const powerMonitor = new FakePowerMonitor();
    const net = new FakeNet();
    const reasons: string[] = [];
    let tick: () => void = () => {};
    const triggers = setupReconnectTriggers({
      powerMonitor: asPowerMonitor(powerMonitor),
      net,
      reconnectNow: (reason) => reasons.push(reason),
      connectionIsHealthy: () => false,
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => {},
    });
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    tick(); // online → online: nothing
    net.online = false;
    tick();
    tick();
    net.online = true;
    tick();
    tick();
    expect(reasons).toEqual(['resume from sleep', 'screen unlocked', 'network is back']);
    triggers.dispose();
    powerMonitor.emit('resume');
    expect(reasons).toHaveLength(3);
  });

  it('on unlock keeps a healthy connection; on resume from sleep reconnects regardless', () => {
    const powerMonitor = new FakePowerMonitor();
    const reasons: string[] = [];
    let healthy = true;
    const triggers = setupReconnectTriggers({
      powerMonitor: asPowerMonitor(powerMonitor),
      net: new FakeNet(),
      reconnectNow: (reason) => reasons.push(reason),
      connectionIsHealthy: () => healthy,
      setInterval: () => 1,
      clearInterval: () => {},
    });
    powerMonitor.emit('unlock-screen');
    expect(reasons).toEqual([]);
    powerMonitor.emit('resume');
    expect(reasons).toEqual(['resume from sleep']);
    healthy = false; // not connected, or silent for a heartbeat interval
    powerMonitor.emit('unlock-screen');
    expect(reasons).toEqual(['resume from sleep', 'screen unlocked']);
    triggers.dispose();
  });
});
