<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ActivityModel</name>
    <message>
        <source>Debug</source>
        <translation>Depuración</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Everything</source>
        <translation>Todo</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info y superior</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avisos y errores</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Solo errores</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Buscar en el registro</translation>
    </message>
    <message>
        <source>Nothing to show</source>
        <translation>Nada que mostrar</translation>
    </message>
    <message>
        <source>What the relay logs appears here: connections, sessions and problems.</source>
        <translation>Aquí aparece lo que registra el relé: conexiones, sesiones y problemas.</translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message>
        <source>Device id: %1</source>
        <translation>Id. del dispositivo: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Unnamed device</source>
        <translation>Dispositivo sin nombre</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>Emparejado</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Visto por última vez</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Revoke %1?</source>
        <translation>¿Revocar %1?</translation>
    </message>
    <message>
        <source>“%1” will no longer be able to use this relay, and its open connections are closed. To use it again, pair it again.</source>
        <translation>«%1» ya no podrá usar este relé y se cerrarán sus conexiones abiertas. Para volver a usarlo, emparéjelo de nuevo.</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Revocar…</translation>
    </message>
    <message>
        <source>Pair a phone…</source>
        <translation>Emparejar un teléfono…</translation>
    </message>
    <message>
        <source>No paired devices</source>
        <translation>No hay dispositivos emparejados</translation>
    </message>
    <message>
        <source>Pair a phone with a code from the Pairing tab. Paired devices can open tunnels and join protected meshes without further setup.</source>
        <translation>Empareje un teléfono con un código de la pestaña Emparejamiento. Los dispositivos emparejados pueden abrir túneles y unirse a mallas protegidas sin más configuración.</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sesiones</translation>
    </message>
    <message>
        <source>&amp;Pairing</source>
        <translation>&amp;Emparejamiento</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>&amp;Dispositivos</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>&amp;Actividad</translation>
    </message>
    <message>
        <source>&amp;Relay</source>
        <translation>&amp;Relé</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Ajustes…</translation>
    </message>
    <message>
        <source>&amp;Copy share URL</source>
        <translation>&amp;Copiar URL para compartir</translation>
    </message>
    <message>
        <source>&amp;Pause relaying</source>
        <translation>&amp;Pausar la retransmisión</translation>
    </message>
    <message>
        <source>&amp;Resume relaying</source>
        <translation>&amp;Reanudar la retransmisión</translation>
    </message>
    <message>
        <source>&amp;New pairing code</source>
        <translation>&amp;Nuevo código de emparejamiento</translation>
    </message>
    <message>
        <source>C&amp;lose window</source>
        <translation>Cerrar &amp;ventana</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>&amp;Salir de Switchboard</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Pairing</source>
        <translation>Emparejamiento</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Dispositivos</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>&amp;Filter sessions</source>
        <translation>&amp;Filtrar sesiones</translation>
    </message>
    <message>
        <source>Switchboard is not relaying: %1</source>
        <translation>Switchboard no está retransmitiendo: %1</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Abrir ajustes</translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Pairing needs the relay</source>
        <translation>Para emparejar, el relé debe estar en marcha</translation>
    </message>
    <message>
        <source>Resume relaying to pair a phone.</source>
        <translation>Reanude la retransmisión para emparejar un teléfono.</translation>
    </message>
    <message>
        <source>Expires in %1</source>
        <translation>Caduca en %1</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>Emparejado</translation>
    </message>
    <message>
        <source>A device used this code and now appears under Devices. Each code works once.</source>
        <translation>Un dispositivo usó este código y ahora aparece en Dispositivos. Cada código sirve una sola vez.</translation>
    </message>
    <message>
        <source>This code has expired</source>
        <translation>Este código ha caducado</translation>
    </message>
    <message>
        <source>Codes work for five minutes. Make a new one when the phone is ready.</source>
        <translation>Los códigos valen cinco minutos. Cree uno nuevo cuando el teléfono esté listo.</translation>
    </message>
    <message>
        <source>This code is locked</source>
        <translation>Este código está bloqueado</translation>
    </message>
    <message>
        <source>Someone entered a wrong code too many times, so this one no longer works.</source>
        <translation>Alguien introdujo un código erróneo demasiadas veces, así que este ya no sirve.</translation>
    </message>
    <message>
        <source>Pair a phone</source>
        <translation>Emparejar un teléfono</translation>
    </message>
    <message>
        <source>A pairing code lets a phone join this relay: scan its QR code, or type the code on the relay&apos;s pairing page.</source>
        <translation>Un código de emparejamiento permite que un teléfono se una a este relé: escanee su código QR o escriba el código en la página de emparejamiento del relé.</translation>
    </message>
    <message>
        <source>Scan this with the phone&apos;s camera, or open the relay&apos;s pairing page and type the code.</source>
        <translation>Escanee esto con la cámara del teléfono, o abra la página de emparejamiento del relé y escriba el código.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the pairing URL</source>
        <translation>Copiar la URL de emparejamiento</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>Código nuevo</translation>
    </message>
    <message>
        <source>Show a pairing code</source>
        <translation>Mostrar un código de emparejamiento</translation>
    </message>
</context>
<context>
    <name>ServiceNames</name>
    <message>
        <source>Tunnel</source>
        <translation>Túnel</translation>
    </message>
    <message>
        <source>Local-first</source>
        <translation>Local-first</translation>
    </message>
    <message>
        <source>File pairing</source>
        <translation>Transferencia de archivos</translation>
    </message>
    <message>
        <source>Mesh</source>
        <translation>Malla</translation>
    </message>
    <message>
        <source>libp2p</source>
        <translation>libp2p</translation>
    </message>
    <message>
        <source>Clode Studio desktops and their browsers</source>
        <translation>Escritorios de Clode Studio y sus navegadores</translation>
    </message>
    <message>
        <source>Apps built on @localfirst/relay</source>
        <translation>Aplicaciones basadas en @localfirst/relay</translation>
    </message>
    <message>
        <source>p2p-copy senders and receivers</source>
        <translation>Emisores y receptores de p2p-copy</translation>
    </message>
    <message>
        <source>Atmosphere devices</source>
        <translation>Dispositivos Atmosphere</translation>
    </message>
    <message>
        <source>js-libp2p nodes (circuit relay)</source>
        <translation>Nodos js-libp2p (circuit relay)</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>Pares</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Dirección remota</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Velocidad</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <source>No sessions right now</source>
        <translation>Ninguna sesión por ahora</translation>
    </message>
    <message>
        <source>When a device connects through Switchboard (a tunnel, a file transfer, a mesh) it appears here with what it sends and receives.</source>
        <translation>Cuando un dispositivo se conecta a través de Switchboard (un túnel, una transferencia de archivos, una malla), aparece aquí con lo que envía y recibe.</translation>
    </message>
    <message>
        <source>No session matches “%1”</source>
        <translation>Ninguna sesión coincide con «%1»</translation>
    </message>
    <message>
        <source>The filter looks at the service, the session, the peers and their addresses.</source>
        <translation>El filtro busca en el servicio, la sesión, los pares y sus direcciones.</translation>
    </message>
    <message>
        <source>Filter sessions (Ctrl+F)</source>
        <translation>Filtrar sesiones (Ctrl+F)</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>Copiar URL</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Desconectar</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Switchboard Settings</source>
        <translation>Ajustes de Switchboard</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Seguridad</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Servicios</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Límites</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>Archivos PEM (*.pem *.crt *.key);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Puerto:</translation>
    </message>
    <message>
        <source>The one port to forward on the router. 0 picks a free port.</source>
        <translation>El único puerto que hay que redirigir en el router. 0 elige un puerto libre.</translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation>Escuchar en:</translation>
    </message>
    <message>
        <source>0.0.0.0 accepts connections from anywhere; 127.0.0.1 from this computer only.</source>
        <translation>0.0.0.0 acepta conexiones desde cualquier lugar; 127.0.0.1 solo desde este equipo.</translation>
    </message>
    <message>
        <source>Public &amp;address:</source>
        <translation>&amp;Dirección pública:</translation>
    </message>
    <message>
        <source>localhost:&lt;port&gt;</source>
        <translation>localhost:&lt;puerto&gt;</translation>
    </message>
    <message>
        <source>The domain devices use to reach this relay, e.g. relay.example.org</source>
        <translation>El dominio con el que los dispositivos llegan a este relé, p. ej. relay.example.org</translation>
    </message>
    <message>
        <source>Start Switchboard when I log in</source>
        <translation>Iniciar Switchboard al iniciar sesión</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>With a certificate the relay speaks HTTPS and WSS on the same port. Certbot&apos;s fullchain.pem and privkey.pem work as they are; renewed files are picked up without a restart.</source>
        <translation>Con un certificado, el relé habla HTTPS y WSS en el mismo puerto. Los archivos fullchain.pem y privkey.pem de Certbot funcionan tal cual; los archivos renovados se cargan sin reiniciar.</translation>
    </message>
    <message>
        <source>&amp;Certificate:</source>
        <translation>&amp;Certificado:</translation>
    </message>
    <message>
        <source>none (plain HTTP)</source>
        <translation>ninguno (HTTP simple)</translation>
    </message>
    <message>
        <source>Choose the certificate chain</source>
        <translation>Elegir la cadena de certificados</translation>
    </message>
    <message>
        <source>Private &amp;key:</source>
        <translation>C&amp;lave privada:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Choose the private key</source>
        <translation>Elegir la clave privada</translation>
    </message>
    <message>
        <source>Services this relay offers. All share the one port.</source>
        <translation>Servicios que ofrece este relé. Todos comparten el mismo puerto.</translation>
    </message>
    <message>
        <source>Connections at once:</source>
        <translation>Conexiones simultáneas:</translation>
    </message>
    <message>
        <source>Connections per address:</source>
        <translation>Conexiones por dirección:</translation>
    </message>
    <message>
        <source>Idle timeout (seconds):</source>
        <translation>Tiempo de inactividad (segundos):</translation>
    </message>
    <message>
        <source>Wait for a peer (seconds):</source>
        <translation>Espera a un par (segundos):</translation>
    </message>
    <message>
        <source>Largest request body (bytes):</source>
        <translation>Cuerpo de petición máximo (bytes):</translation>
    </message>
    <message>
        <source>Choose at least one service.</source>
        <translation>Elija al menos un servicio.</translation>
    </message>
    <message>
        <source>Could not change start at login: %1</source>
        <translation>No se pudo cambiar el inicio al iniciar sesión: %1</translation>
    </message>
    <message>
        <source>Set to “%1” by the option --%2, which wins over this field.</source>
        <translation>Fijado en «%1» por la opción --%2, que prevalece sobre este campo.</translation>
    </message>
    <message>
        <source>Set to “%1” by the environment variable %2, which wins over this field.</source>
        <translation>Fijado en «%1» por la variable de entorno %2, que prevalece sobre este campo.</translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <source>Copy share URL</source>
        <translation>Copiar URL para compartir</translation>
    </message>
    <message>
        <source>Pause relaying</source>
        <translation>Pausar la retransmisión</translation>
    </message>
    <message>
        <source>Resume relaying</source>
        <translation>Reanudar la retransmisión</translation>
    </message>
    <message>
        <source>Relaying</source>
        <translation>Retransmitiendo</translation>
    </message>
    <message>
        <source>Devices reach this relay at &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Los dispositivos llegan a este relé en &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Nothing is relayed and the port is closed until you resume.</source>
        <translation>No se retransmite nada y el puerto queda cerrado hasta que reanude.</translation>
    </message>
    <message>
        <source>Not relaying</source>
        <translation>Sin retransmitir</translation>
    </message>
</context>
<context>
    <name>ThroughputGraph</name>
    <message>
        <source>Bytes relayed per second over the last minute</source>
        <translation>Bytes retransmitidos por segundo en el último minuto</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Ahora: %1</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inactivo</translation>
    </message>
    <message>
        <source>scale %1 · 60 s</source>
        <translation>escala %1 · 60 s</translation>
    </message>
</context>
<context>
    <name>TrayApplication</name>
    <message>
        <source>This desktop has no system tray, so Switchboard runs in this window. Closing it stops the relay. (On GNOME, the AppIndicator extension adds a tray.)</source>
        <translation>Este escritorio no tiene bandeja del sistema, así que Switchboard funciona en esta ventana. Al cerrarla se detiene el relé. (En GNOME, la extensión AppIndicator añade una bandeja.)</translation>
    </message>
    <message>
        <source>Desktop connected</source>
        <translation>Escritorio conectado</translation>
    </message>
    <message>
        <source>A desktop opened a tunnel through Switchboard (%1).</source>
        <translation>Un escritorio abrió un túnel a través de Switchboard (%1).</translation>
    </message>
    <message>
        <source>Device paired</source>
        <translation>Dispositivo emparejado</translation>
    </message>
    <message>
        <source>“%1” can now use this relay.</source>
        <translation>«%1» ya puede usar este relé.</translation>
    </message>
    <message>
        <source>Share URL copied</source>
        <translation>URL para compartir copiada</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Switchboard is relaying at %1</source>
        <translation>Switchboard retransmite en %1</translation>
    </message>
    <message>
        <source>Switchboard is paused</source>
        <translation>Switchboard está en pausa</translation>
    </message>
    <message>
        <source>Switchboard is not relaying: %1</source>
        <translation>Switchboard no está retransmitiendo: %1</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Copy share URL</source>
        <translation>Copiar URL para compartir</translation>
    </message>
    <message>
        <source>Show pairing code…</source>
        <translation>Mostrar código de emparejamiento…</translation>
    </message>
    <message>
        <source>Open Switchboard</source>
        <translation>Abrir Switchboard</translation>
    </message>
    <message>
        <source>Pause relaying</source>
        <translation>Pausar la retransmisión</translation>
    </message>
    <message>
        <source>Resume relaying</source>
        <translation>Reanudar la retransmisión</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar al iniciar sesión</translation>
    </message>
    <message>
        <source>Quit Switchboard</source>
        <translation>Salir de Switchboard</translation>
    </message>
</context>
</TS>
