; Inno Setup script for the Windows installer of LeadDesk (a starting point; build on Windows
; after PyInstaller has produced dist\leaddesk):   iscc packaging\windows\leaddesk.iss
; Signing: define a sign tool in the IDE or pass /S"signtool=signtool sign /fd SHA256
; /tr http://timestamp.digicert.com /td SHA256 /a $f" to iscc; see packaging/README.md.

#define AppName "LeadDesk"
#define AppVersion "0.1.0"
#define AppId "io.github.leaddesk.LeadDesk"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=LeadDesk developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=LeadDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
UninstallDisplayIcon={app}\leaddesk.exe
WizardStyle=modern
; SignTool=leaddesk    ; enable once a sign tool named "leaddesk" is configured

[Files]
Source: "..\..\dist\leaddesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\leaddesk.exe"; AppUserModelID: "{#AppId}"

[Run]
Filename: "{app}\leaddesk.exe"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
