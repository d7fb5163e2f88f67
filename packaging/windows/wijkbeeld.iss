; Inno Setup script of Wijkbeeld for Windows: the PyInstaller folder (packaging/wijkbeeld.spec) as one installer.
;
;   python packaging\build.py
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\wijkbeeld.iss
;   -> dist\wijkbeeld-0.1.0-setup.exe
;
; - Per user, without administrator rights: into %LOCALAPPDATA%\Programs\Wijkbeeld, start-menu entries for
;   the user. IT can install for all users instead with /ALLUSERS (then it asks for administrator rights).
;   Silent: wijkbeeld-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; - An update is the new installer over the old one (same AppId): the program folder is replaced, nothing else.
; - Uninstalling removes the program folder and the start-menu entries only. The user's projects (GeoPackage
;   files wherever the user saved them), the settings (HKCU\Software\Wijkbeeld) and the data folder with the
;   autosave and the demo cache (%APPDATA%\Wijkbeeld) stay: this script never names them.
; - No file association of its own: a project is a GeoPackage (.gpkg), which QGIS opens too, so Wijkbeeld is
;   only added to the "Openen met" list of .gpkg files, never made their default program.
; - Nothing goes to the internet: the installer downloads nothing and the program makes no connection.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\wijkbeeld"
#endif
#define AppName "Wijkbeeld"
#define AppExe "wijkbeeld.exe"

[Setup]
AppId={{B8537CF5-E413-422F-8F54-370E8A88AC0F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Wijkbeeld
AppComments=Hot spots, hot times en BOA-inzet voor openbare orde en veiligheid, volledig offline.
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=wijkbeeld-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
; a running Wijkbeeld is asked to close before files are replaced (Windows Restart Manager)
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
ChangesAssociations=yes

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[CustomMessages]
dutch.DemoEntry=Wijkbeeld - demoproject
dutch.DemoComment=Wijkbeeld met de demodata (fietsendiefstal Groningen)
dutch.AppComment=Hot spots, hot times en BOA-inzet, volledig offline
dutch.LicencesEntry=Wijkbeeld - licenties

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; the previous version's bundle goes first, so that an update leaves no stale module or library behind
Type: filesandordirs; Name: "{app}\_internal"
Type: filesandordirs; Name: "{app}\licenties"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autoprograms}\{cm:DemoEntry}"; Filename: "{app}\{#AppExe}"; Parameters: "demo"; Comment: "{cm:DemoComment}"
Name: "{autoprograms}\{cm:LicencesEntry}"; Filename: "{app}\licenties\OVERZICHT.txt"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Openen met > Wijkbeeld" for GeoPackage files (HKA: the user's hive, or the machine's with /ALLUSERS)
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".gpkg"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""
Root: HKA; Subkey: "Software\Classes\.gpkg\OpenWithList\{#AppExe}"; ValueType: none; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "demo"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
