; Inno Setup script for Sector Desktop on Windows. Build the bundle first on a Windows machine:
;   pyinstaller --noconfirm --distpath build\dist packaging\sector-desktop.spec
; then: iscc /DAppVersion=0.1.0 packaging\windows\sector-desktop.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0E5C52-3C61-4D0A-9B5F-5E3A2C1D7F10}
AppName=Sector Desktop
AppVersion={#AppVersion}
AppPublisher=Sector Desktop
DefaultDirName={autopf}\Sector Desktop
DefaultGroupName=Sector Desktop
UninstallDisplayIcon={app}\sector-desktop.exe
OutputDir=..\..\build\installer
OutputBaseFilename=SectorDesktop-{#AppVersion}-setup
SetupIconFile=..\icons\sector-desktop.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Files]
Source: "..\..\build\dist\sector-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Sector Desktop"; Filename: "{app}\sector-desktop.exe"
Name: "{autodesktop}\Sector Desktop"; Filename: "{app}\sector-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\sector-desktop.exe"; Description: "Start Sector Desktop"; Flags: nowait postinstall skipifsilent
